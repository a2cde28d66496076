using Keyturn.Core.Notifications;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Notifications;

/// <summary>
/// Sends due deliveries in the background: claims a batch with a lease (so several nodes never send one twice), sends it
/// with bounded concurrency, records each outcome while the claim is still held, and repeats until nothing is due. Every
/// <see cref="WebhookOptions.RepublishInterval"/> it publishes recently ended jobs again, which records nothing unless a
/// crash lost a publish between a job's end and the engine's publish call.
/// </summary>
public sealed class WebhookDispatcher(
    IWebhookStore store, WebhookSender sender, WebhookOutbox outbox, DeliverySignal signal, WebhookOptions options,
    RotationOptions rotation, TimeProvider timeProvider, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    // Jobs ended within this margin before the last pass are looked at again: a job's end is stamped before it commits.
    private static readonly TimeSpan RepublishOverlap = TimeSpan.FromMinutes(2);
    private DateTimeOffset? _republishedUntil;
    private DateTimeOffset _nextRepublish = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RepublishEndedJobsIfDueAsync(stoppingToken);
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Webhook dispatch pass failed; trying again at the next poll");
            }

            try
            {
                await signal.WaitAsync(options.PollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends everything due now, batch by batch. Returns how many deliveries were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var attempted = 0;
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            var claimed = await store.ClaimDueDeliveriesAsync(rotation.NodeId, now, now + options.RequestTimeout + TimeSpan.FromMinutes(1), options.Concurrency, cancellationToken);
            if (claimed.Count == 0)
            {
                return attempted;
            }

            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
                async (delivery, ct) =>
                {
                    if (await sender.SendAsync(delivery, rotation.NodeId, ct) is { } outcome && !await store.RecordDeliveryOutcomeAsync(outcome, ct))
                    {
                        logger.LogWarning("Webhook delivery {DeliveryId}: the claim expired before its outcome was recorded; it will be sent again", delivery.Id);
                    }
                });
            attempted += claimed.Count;
            if (claimed.Count < options.Concurrency)
            {
                return attempted;
            }
        }
    }

    private async Task RepublishEndedJobsIfDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now < _nextRepublish)
        {
            return;
        }

        // The first pass looks back as far as a delivery may still be sent; later ones from the previous pass.
        var since = _republishedUntil is { } until ? until - RepublishOverlap : now - options.GiveUpAfter;
        foreach (var job in await store.ListEndedJobsToAnnounceAsync(since, cancellationToken))
        {
            if (JobEndEvent.Of(job) is { } ended)
            {
                await outbox.PublishAsync(ended, cancellationToken);
            }
        }

        (_republishedUntil, _nextRepublish) = (now, now + options.RepublishInterval);
    }
}
