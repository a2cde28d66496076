using Keyturn.Core.Results;

namespace Keyturn.Core.Rotation;

/// <summary>
/// The schedule fields shared by create and update, with their ranges. <paramref name="RotationSchedule"/> (cron)
/// and the interval fields exclude each other: while a cron schedule decides, the interval fields keep their values
/// and may not change, so a body cannot leave it unclear which one a rotation follows.
/// </summary>
internal sealed record RotationSettings(bool IsAutoRotationEnabled, int RotationInterval, int RotateAtHours, int RotateAtMinutes, string? RotationSchedule)
{
    /// <summary>The given fields over <paramref name="defaults"/> (a field left out keeps its current value).</summary>
    public static RotationSettings Resolve(RotationScheduleFields fields, ValidationErrors errors, RotationSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var auto = fields.IsAutoRotationEnabled ?? defaults.IsAutoRotationEnabled;
        var interval = fields.RotationInterval ?? defaults.RotationInterval;
        if (interval is < 1 or > 365)
        {
            errors.Add("rotationInterval", "must be between 1 and 365 days");
        }

        // A field left out keeps its current value, so PATCH {"rotateAtUtc": {"hours": 3}} changes only the hour.
        var hours = fields.RotateAtHours ?? defaults.RotateAtHours;
        var minutes = fields.RotateAtMinutes ?? defaults.RotateAtMinutes;
        if (hours is < 0 or > 23)
        {
            errors.Add("rotateAtUtc.hours", "must be between 0 and 23");
        }

        if (minutes is < 0 or > 59)
        {
            errors.Add("rotateAtUtc.minutes", "must be between 0 and 59");
        }

        var settings = new RotationSettings(auto, interval, hours, minutes, ResolveSchedule(fields, errors, defaults.RotationSchedule));
        settings.CheckOneScheduleDecides(fields, errors, defaults);
        return settings;
    }

    /// <summary>Not given keeps the current cron expression; given as null returns to the interval schedule.</summary>
    private static string? ResolveSchedule(RotationScheduleFields fields, ValidationErrors errors, string? current)
    {
        if (!fields.RotationScheduleGiven)
        {
            return current;
        }

        if (fields.RotationSchedule is null)
        {
            return null;
        }

        var expression = fields.RotationSchedule.Trim();
        if (CronSchedule.Check(expression) is { } broken)
        {
            errors.Add("rotationSchedule", broken);
            return current;
        }

        return expression;
    }

    // Changed means different from the rotation's current values; on create, from 30 days at 00:00. So the sample
    // bodies of Infisical clients, which always send the default interval, still create cron rotations, and a
    // PATCH that sends back what it read is accepted.
    private void CheckOneScheduleDecides(RotationScheduleFields fields, ValidationErrors errors, RotationSettings defaults)
    {
        var intervalChanged = RotationInterval != defaults.RotationInterval;
        var timeChanged = RotateAtHours != defaults.RotateAtHours || RotateAtMinutes != defaults.RotateAtMinutes;
        if (RotationSchedule is null || !(intervalChanged || timeChanged))
        {
            return;
        }

        if (fields is { RotationScheduleGiven: true, RotationSchedule: not null })
        {
            errors.Add("rotationSchedule",
                $"cannot be given with a changed rotationInterval or rotateAtUtc (current: {defaults.RotationInterval} days at {defaults.RotateAtHours:00}:{defaults.RotateAtMinutes:00}): exactly one of a cron schedule or an interval decides nextRotationAt");
        }
        else
        {
            errors.Add(intervalChanged ? "rotationInterval" : "rotateAtUtc",
                "cannot change while rotationSchedule (cron) decides nextRotationAt; send \"rotationSchedule\": null to return to the interval schedule");
        }
    }
}
