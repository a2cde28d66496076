using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;

namespace Keyturn.Server.Scheduling;

/// <summary>
/// On every scheduler tick, starts recovery (in the pool, like any rotation work) for open jobs nobody holds: their
/// node crashed and its lease expired, or an attempt ended without closing its job. Start-up recovery covers this
/// node's own jobs; this covers the rest, so a surviving node finishes what a dead one began.
/// </summary>
public sealed class AbandonedJobSweep(IKeyturnStore store, RotationEngine engine, ConnectionThrottle throttle, RotationWorkPool pool, TimeProvider timeProvider, ILogger<AbandonedJobSweep> logger)
{
    /// <summary>How many recoveries it started.</summary>
    public async Task<int> StartRecoveriesAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var started = 0;
        foreach (var job in await store.ListAbandonedJobsAsync(now, cancellationToken))
        {
            // The connection decides the slot; a rotation deleted meanwhile took its jobs with it.
            if (await store.GetRotationAsync(job.RotationId, cancellationToken) is not { } rotation
                || throttle.ThrottledUntil(rotation.ConnectionId, now) is not null)
            {
                continue;
            }

            var outcome = pool.TryStart(job.RotationId, rotation.ConnectionId, async token =>
            {
                var result = await engine.RecoverAsync(job, token);
                logger.LogInformation("Swept abandoned job {JobId} of rotation {RotationId}: {Outcome}", job.Id, job.RotationId,
                    result.IsSuccess ? result.Value.RotationStatus : result.Problem.Title);
            }, cancellationToken);
            if (outcome == StartOutcome.PoolFull)
            {
                break;
            }

            started += outcome == StartOutcome.Started ? 1 : 0;
        }

        return started;
    }
}
