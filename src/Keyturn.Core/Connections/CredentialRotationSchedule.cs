using Keyturn.Core.Domain;

namespace Keyturn.Core.Connections;

/// <summary>
/// When a connection rotates its own credential next, computed from state (never accumulated), by the rotations' rule:
/// the day of the last self-rotation (or of the connection's creation) at rotateAtUtc plus the interval, one day later
/// when that moment was not a scheduled run and was at or after that day's rotateAtUtc (a scheduled run starts a little
/// after rotateAtUtc, and must not push the schedule by a day each time). After a failure: the next rotateAtUtc. Null
/// while auto-rotation is off.
/// </summary>
public static class CredentialRotationSchedule
{
    public static DateTimeOffset? Next(CredentialRotationSettings settings, DateTimeOffset? rotatedAt, DateTimeOffset createdAt, bool scheduled = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsAutoRotationEnabled)
        {
            return null;
        }

        var from = rotatedAt ?? createdAt;
        var anchor = AtRotateTime(from, settings);
        if (!scheduled && from >= anchor)
        {
            anchor = anchor.AddDays(1);
        }

        return anchor.AddDays(settings.RotationInterval);
    }

    public static DateTimeOffset? AfterFailure(CredentialRotationSettings settings, DateTimeOffset failedAt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsAutoRotationEnabled)
        {
            return null;
        }

        var anchor = AtRotateTime(failedAt, settings);
        return failedAt >= anchor ? anchor.AddDays(1) : anchor;
    }

    private static DateTimeOffset AtRotateTime(DateTimeOffset instant, CredentialRotationSettings settings)
    {
        var day = instant.ToUniversalTime();
        return new DateTimeOffset(day.Year, day.Month, day.Day, settings.RotateAtHours, settings.RotateAtMinutes, 0, TimeSpan.Zero);
    }
}
