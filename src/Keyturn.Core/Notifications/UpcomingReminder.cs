using System.Globalization;

namespace Keyturn.Core.Notifications;

/// <summary>
/// The rotation.upcoming rule. A reminder configured d days before fires while now is in [nextRotationAt - d days,
/// nextRotationAt). The windows nest, so only the smallest d whose window holds now fires: a rotation first seen (or a
/// subscription first made) 12 hours before its run gets the 1-day reminder, not a burst of stale 7- and 30-day ones.
/// The key names the cycle (nextRotationAt) and d, so later scans of the same window add nothing and a rescheduled
/// rotation is reminded afresh.
/// </summary>
public static class UpcomingReminder
{
    /// <summary>The day count whose reminder is due now; null when now is in no window (or past the run).</summary>
    public static int? DueDaysBefore(DateTimeOffset nextRotationAt, DateTimeOffset now, IEnumerable<int> daysBefore)
    {
        ArgumentNullException.ThrowIfNull(daysBefore);
        if (now >= nextRotationAt)
        {
            return null;
        }

        var inWindow = daysBefore.Where(d => d > 0 && nextRotationAt.AddDays(-d) <= now).ToList();
        return inWindow.Count == 0 ? null : inWindow.Min();
    }

    public static RotationEvent Event(Guid rotationId, DateTimeOffset nextRotationAt, int daysBefore, DateTimeOffset now)
    {
        var next = nextRotationAt.ToUniversalTime();
        return new RotationEvent(
            RotationEventTypes.Upcoming,
            string.Create(CultureInfo.InvariantCulture, $"upcoming:{rotationId}:{next:O}:{daysBefore}"),
            rotationId,
            string.Create(CultureInfo.InvariantCulture, $"The rotation runs at {next:O} (reminder {daysBefore} day{(daysBefore == 1 ? "" : "s")} before)."),
            now,
            new Dictionary<string, string>
            {
                ["daysBefore"] = daysBefore.ToString(CultureInfo.InvariantCulture),
                ["nextRotationAt"] = next.ToString("O", CultureInfo.InvariantCulture),
            });
    }
}
