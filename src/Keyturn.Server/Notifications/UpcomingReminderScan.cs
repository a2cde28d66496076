using Keyturn.Core.Domain;
using Keyturn.Core.Notifications;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Notifications;

/// <summary>
/// Publishes rotation.upcoming for the scheduled rotations of every project that asked for reminders (see
/// <see cref="UpcomingReminder"/> for when one fires). It publishes again on every scan while a window holds; the
/// publisher records each key once, so several nodes scanning side by side send one reminder.
/// </summary>
public sealed class UpcomingReminderScan(IRotationStore store, IRotationEventPublisher publisher)
{
    private const int BatchSize = 100;

    /// <summary>How many reminders it published (repeats of earlier ones included).</summary>
    public async Task<int> PublishAsync(IReadOnlyDictionary<Guid, IReadOnlyList<int>> daysByProject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(daysByProject);
        var published = 0;
        foreach (var (projectId, days) in daysByProject)
        {
            var positive = days.Where(d => d > 0).ToList();
            if (positive.Count == 0)
            {
                continue;
            }

            // Only rotations inside the widest window can be due a reminder.
            var until = now.AddDays(positive.Max());
            UpcomingRotation? after = null;
            IReadOnlyList<UpcomingRotation> page;
            do
            {
                page = await store.ListUpcomingRotationsAsync(projectId, now, until, after, BatchSize, cancellationToken);
                foreach (var rotation in page)
                {
                    if (UpcomingReminder.DueDaysBefore(rotation.NextRotationAt, now, positive) is { } daysBefore)
                    {
                        await publisher.PublishAsync(UpcomingReminder.Event(rotation.Id, rotation.NextRotationAt, daysBefore, now), cancellationToken);
                        published++;
                    }
                }

                after = page.Count > 0 ? page[^1] : null;
            }
            while (page.Count == BatchSize);
        }

        return published;
    }
}
