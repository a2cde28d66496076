using Keyturn.Core.Connections;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Scheduling;

/// <summary>
/// Rotates app connections' own credentials when due, beside the rotation scheduler and on the same interval: at start
/// it settles the self-rotation jobs a stop left open, then on every tick it sweeps abandoned ones (a dead node's, once
/// its lease expired) and rotates every due connection. Connections are few, so they run one after another; the lease
/// on the connection's row keeps two nodes from rotating the same one.
/// </summary>
public sealed class ConnectionCredentialScheduler(
    IKeyturnStore store, ConnectionCredentialRotation rotation, TimeProvider timeProvider, TimeSpan interval, ILogger<ConnectionCredentialScheduler> logger)
    : BackgroundService
{
    private const int BatchSize = 50;

    /// <summary>One tick: recovers abandoned jobs, then rotates what is due. Returns how many connections it rotated. Tests drive it directly.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await rotation.RecoverAbandonedAsync(now, cancellationToken);
        var rotated = 0;
        foreach (var id in await store.ListDueConnectionsAsync(now, BatchSize, cancellationToken))
        {
            if (await store.GetConnectionAsync(id, cancellationToken) is not { } connection)
            {
                continue;
            }

            var result = await rotation.RotateAsync(connection.App, id, JobTriggers.Schedule, null, cancellationToken);
            if (result.IsSuccess)
            {
                rotated++;
            }
            else
            {
                logger.LogInformation("Scheduled self-rotation of connection {ConnectionId}: {Title}", id, result.Problem.Title);
            }
        }

        return rotated;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Every open job at start, this node's own included (its leases are reclaimed); others' live leases refuse the claim.
            await rotation.RecoverAbandonedAsync(DateTimeOffset.MaxValue, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Recovering open connection self-rotation jobs failed");
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await RunDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Rotating due connection credentials failed; trying again in {Interval}", interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
