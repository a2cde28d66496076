using Keyturn.Core.Domain;

namespace Keyturn.Core.Rotation;

/// <summary>
/// When a rotation runs next. Exactly one of two schedules decides: an interval (rotationInterval days at
/// rotateAtUtc) or a cron expression (rotationSchedule, UTC). The regular time is computed from state, never
/// accumulated (Infisical's rule), so missed occurrences collapse into one run:
/// <list type="bullet">
/// <item>interval: the day of the last success at rotateAtUtc plus the interval, one day later when that success was
/// a create or a manual run made at or after that day's rotateAtUtc;</item>
/// <item>cron: the first occurrence after the last success;</item>
/// <item>after a failure: the next day at rotateAtUtc, or the first occurrence after the failed attempt.</item>
/// </list>
/// A failed scheduled attempt is first retried with backoff (<see cref="AfterFailure"/>). Null while auto-rotation is off.
/// </summary>
public static class RotationSchedule
{
    /// <summary>The regular next time (the engine calls it after a success, with the failure counter cleared).</summary>
    public static DateTimeOffset? NextRotationAt(SecretRotation rotation)
    {
        if (!rotation.IsAutoRotationEnabled)
        {
            return null;
        }

        if (rotation.RotationStatus == RotationStatuses.Failed && rotation.LastRotationAttemptedAt is { } failedAt)
        {
            return rotation.RotationSchedule is { } failedCron ? CronSchedule.NextAfter(failedCron, failedAt) : AtRotateTime(failedAt, rotation).AddDays(1);
        }

        if (rotation.LastRotatedAt is not { } rotatedAt)
        {
            return null;
        }

        if (rotation.RotationSchedule is { } cron)
        {
            return CronSchedule.NextAfter(cron, rotatedAt);
        }

        var anchor = AtRotateTime(rotatedAt, rotation);
        if (rotation.LastRotationWasManual && rotatedAt >= anchor)
        {
            anchor = anchor.AddDays(1);
        }

        return anchor.AddDays(rotation.RotationInterval);
    }

    /// <summary>
    /// The rotation after a failed attempt (the engine calls it with status "failed" and the attempt's time, message
    /// and job already set): a scheduled attempt with retries left runs again after a backoff; otherwise, and for
    /// manual, create and resumed attempts, the next try is the regular time after a failure. Never a tight loop:
    /// the retries are bounded and at least a second apart, and the regular time after a failure is the next day
    /// (or occurrence). The counter grows until a success clears it, so a rotation that keeps failing tries once a
    /// day instead of starting a new round of retries each day.
    /// </summary>
    public static SecretRotation AfterFailure(SecretRotation failed, string trigger, RotationOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(options);
        if (trigger != JobTriggers.Schedule)
        {
            // A person (or a create) saw this failure as it happened; retrying behind their back would surprise them.
            return failed with { NextRotationAt = NextRotationAt(failed) };
        }

        var attempts = failed.FailedAttempts + 1;
        var next = failed.IsAutoRotationEnabled && attempts <= options.FailureRetries
            ? now + FailureBackoff.Delay(attempts, options)
            : NextRotationAt(failed);
        return failed with { FailedAttempts = attempts, NextRotationAt = next };
    }

    /// <summary>The longest time between two regular rotations; a new credential must outlive two of them.</summary>
    public static TimeSpan Period(SecretRotation rotation) =>
        rotation.RotationSchedule is { } cron ? CronSchedule.LongestGap(cron) : TimeSpan.FromDays(rotation.RotationInterval);

    private static DateTimeOffset AtRotateTime(DateTimeOffset instant, SecretRotation rotation)
    {
        var day = instant.ToUniversalTime();
        return new DateTimeOffset(day.Year, day.Month, day.Day, rotation.RotateAtHours, rotation.RotateAtMinutes, 0, TimeSpan.Zero);
    }
}
