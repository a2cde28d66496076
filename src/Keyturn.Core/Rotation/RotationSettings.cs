using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Rotation;

/// <summary>The schedule fields shared by create and update, with their ranges.</summary>
internal sealed record RotationSettings(bool IsAutoRotationEnabled, int RotationInterval, int RotateAtHours, int RotateAtMinutes)
{
    public static RotationSettings Parse(JsonElement body, ValidationErrors errors, RotationSettings defaults)
    {
        var auto = Json.OptionalBool(body, "isAutoRotationEnabled", errors) ?? defaults.IsAutoRotationEnabled;
        var interval = Json.OptionalInt(body, "rotationInterval", errors) ?? defaults.RotationInterval;
        if (interval is < 1 or > 365)
        {
            errors.Add("rotationInterval", "must be between 1 and 365 days");
        }

        var hours = defaults.RotateAtHours;
        var minutes = defaults.RotateAtMinutes;
        if (Json.OptionalObject(body, "rotateAtUtc", errors) is { } at)
        {
            // A field left out keeps its current value, so PATCH {"rotateAtUtc": {"hours": 3}} changes only the hour.
            hours = Json.OptionalInt(at, "hours", errors, "rotateAtUtc.hours") ?? defaults.RotateAtHours;
            minutes = Json.OptionalInt(at, "minutes", errors, "rotateAtUtc.minutes") ?? defaults.RotateAtMinutes;
            if (hours is < 0 or > 23)
            {
                errors.Add("rotateAtUtc.hours", "must be between 0 and 23");
            }

            if (minutes is < 0 or > 59)
            {
                errors.Add("rotateAtUtc.minutes", "must be between 0 and 59");
            }
        }

        return new RotationSettings(auto, interval, hours, minutes);
    }
}
