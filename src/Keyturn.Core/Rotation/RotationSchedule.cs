using Keyturn.Core.Domain;

namespace Keyturn.Core.Rotation;

/// <summary>
/// When a rotation runs next, computed from its state, never accumulated (Infisical's rule): the day of the last
/// success at rotateAtUtc plus the interval, one day later when that success was a create or a manual run made at
/// or after that day's rotateAtUtc; after a failure, the next day at rotateAtUtc. Null while auto-rotation is off.
/// </summary>
public static class RotationSchedule
{
    public static DateTimeOffset? NextRotationAt(SecretRotation rotation)
    {
        if (!rotation.IsAutoRotationEnabled)
        {
            return null;
        }

        if (rotation.RotationStatus == RotationStatuses.Failed && rotation.LastRotationAttemptedAt is { } failedAt)
        {
            return AtRotateTime(failedAt, rotation).AddDays(1);
        }

        if (rotation.LastRotatedAt is not { } rotatedAt)
        {
            return null;
        }

        var anchor = AtRotateTime(rotatedAt, rotation);
        if (rotation.LastRotationWasManual && rotatedAt >= anchor)
        {
            anchor = anchor.AddDays(1);
        }

        return anchor.AddDays(rotation.RotationInterval);
    }

    private static DateTimeOffset AtRotateTime(DateTimeOffset instant, SecretRotation rotation)
    {
        var day = instant.ToUniversalTime();
        return new DateTimeOffset(day.Year, day.Month, day.Day, rotation.RotateAtHours, rotation.RotateAtMinutes, 0, TimeSpan.Zero);
    }
}
