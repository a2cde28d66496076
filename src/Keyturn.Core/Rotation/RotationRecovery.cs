using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Rotation;

/// <summary>
/// At start-up, before the first scheduler pass, finishes or rolls back every job a crash left open (this node's own
/// included, whose leases it reclaims). Later ticks sweep only abandoned jobs (the server's AbandonedJobSweep).
/// </summary>
public sealed class RotationRecovery(IJobStore jobs, RotationEngine engine, ILogger<RotationRecovery> logger)
{
    public async Task<int> RecoverOpenJobsAsync(CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var job in await jobs.ListOpenJobsAsync(cancellationToken))
        {
            var result = await engine.RecoverAsync(job, cancellationToken);
            if (result.IsSuccess)
            {
                recovered++;
                logger.LogInformation("Recovered job {JobId}: rotation {RotationId} is {Status}", job.Id, job.RotationId, result.Value.RotationStatus);
            }
        }

        return recovered;
    }
}
