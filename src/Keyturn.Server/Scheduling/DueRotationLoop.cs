using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Scheduling;

/// <summary>
/// A minimal in-process scheduler: every interval, rotate what is due. Missed occurrences collapse into one run
/// because due-ness is computed from state. Leases keep two nodes from rotating the same rotation.
/// </summary>
public sealed class DueRotationLoop(IKeyturnStore store, RotationEngine engine, TimeProvider timeProvider, TimeSpan interval, ILogger<DueRotationLoop> logger) : BackgroundService
{
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
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
