using Keyturn.Core.Notifications;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Notifications;

/// <summary>
/// Records an event as one delivery per subscription of the rotation's project that wants it, and nothing else: sending
/// is the dispatcher's, in the background, so a receiver that is down or slow never slows a rotation.
/// </summary>
public sealed class WebhookOutbox(IKeyturnStore store, DeliverySignal signal, TimeProvider timeProvider) : IRotationEventPublisher
{
    public async Task PublishAsync(RotationEvent rotationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotationEvent);
        // A rotation deleted meanwhile (a create whose first attempt failed is removed) has nobody left to tell.
        if (await store.GetRotationAsync(rotationEvent.RotationId, cancellationToken) is not { } rotation)
        {
            return;
        }

        var subscriptions = (await store.ListWebhooksAsync(rotation.ProjectId, cancellationToken)).Where(s => s.Wants(rotationEvent)).ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        var snapshot = RotationSnapshot.Of(rotation,
            await store.GetEnvironmentAsync(rotation.EnvironmentId, cancellationToken), await store.GetFolderByIdAsync(rotation.FolderId, cancellationToken));
        var now = timeProvider.GetUtcNow();
        var deliveries = subscriptions.Select(s =>
        {
            var id = Guid.NewGuid();
            return new WebhookDelivery(id, s.Id, rotationEvent.Type, rotationEvent.Key, WebhookPayload.Body(s.Format, id, rotationEvent, snapshot),
                WebhookDeliveryStatuses.Pending, 0, now, null, null, now, null);
        }).ToList();
        if (await store.AddDeliveriesAsync(deliveries, cancellationToken) > 0)
        {
            signal.Notify();
        }
    }
}
