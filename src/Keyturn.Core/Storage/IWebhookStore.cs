using Keyturn.Core.Domain;
using Keyturn.Core.Notifications;

namespace Keyturn.Core.Storage;

public interface IWebhookStore
{
    /// <summary>Conflict when the project does not exist.</summary>
    Task CreateWebhookAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    Task<WebhookSubscription?> GetWebhookAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A project's subscriptions ordered by creation time.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListWebhooksAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>Every subscription of every project (the reminder scan asks which day counts are wanted).</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListAllWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the subscription and its deliveries in one transaction. False when it does not exist.</summary>
    Task<bool> DeleteWebhookAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the deliveries that are new: one whose (subscription, event key) exists already, or whose subscription was
    /// deleted meanwhile, is skipped. Returns how many were inserted.
    /// </summary>
    Task<int> AddDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>A subscription's deliveries, newest first, starting after <paramref name="after"/> when it is given.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(Guid subscriptionId, WebhookDeliveryCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending deliveries due at <paramref name="now"/> whose claim is free or expired,
    /// for <paramref name="owner"/> until <paramref name="until"/>, oldest due first: two claimers never get the same one.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>Records an attempt and frees the claim. False, writing nothing, when the owner no longer holds it.</summary>
    Task<bool> RecordDeliveryOutcomeAsync(WebhookDeliveryOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Rotation jobs that ended (succeeded or failed) at or after <paramref name="since"/> in projects that have a subscription,
    /// oldest first: the sweep publishes their end again in case a crash came between the job's end and its publish.
    /// </summary>
    Task<IReadOnlyList<RotationJob>> ListEndedJobsToAnnounceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
