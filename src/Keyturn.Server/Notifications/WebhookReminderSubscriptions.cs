using Keyturn.Core.Notifications;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Notifications;

/// <summary>The day counts each project's rotation.upcoming subscriptions asked for, so the reminder scan publishes only those.</summary>
public sealed class WebhookReminderSubscriptions(IWebhookStore store) : IReminderSubscriptions
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<int>>> UpcomingDaysBeforeByProjectAsync(CancellationToken cancellationToken) =>
        (await store.ListAllWebhooksAsync(cancellationToken))
            .Where(s => s.Events.Contains(RotationEventTypes.Upcoming, StringComparer.Ordinal))
            .GroupBy(s => s.ProjectId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.SelectMany(s => s.UpcomingDaysBefore).Distinct().OrderDescending()]);
}
