using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Scheduling;

/// <summary>
/// A minimal in-process scheduler: first recover jobs a crash left open, then every interval rotate what is due. Missed occurrences collapse into one run
/// because due-ness is computed from state. Leases keep two nodes from rotating the same rotation.
/// </summary>
public sealed class DueRotationLoop(IKeyturnStore store, RotationEngine engine, RotationRecovery recovery, TimeProvider timeProvider, TimeSpan interval, ILogger<DueRotationLoop> logger) : BackgroundService
{
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            // Before anything is scheduled: jobs a crash left open are finished or rolled back first.
            await recovery.RecoverOpenJobsAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Recovering open rotation jobs failed");
        }

        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Looking for due rotations failed; trying again in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await store.ListDueRotationsAsync(timeProvider.GetUtcNow(), BatchSize, cancellationToken))
        {
            var result = await engine.RotateAsync(id, JobTriggers.Schedule, cancellationToken);
            if (!result.IsSuccess)
            {
                logger.LogInformation("Scheduled rotation {RotationId} skipped: {Reason}", id, result.Problem.Title);
            }
        }
    }
}
