using Keyturn.Core.Domain;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Core.Telemetry;

namespace Keyturn.Server.Scheduling;

/// <summary>
/// Starts due rotations in the pool, earliest first, until every slot is taken or nothing due is left. Rotations
/// whose connection is throttled (Retry-After) are deferred: they stay due and are looked at again next time.
/// Pages past what it skips, so many rotations on one full or throttled connection cannot hide the others'.
/// </summary>
public sealed class DueRotationScan(
    IRotationStore store, RotationEngine engine, ConnectionThrottle throttle, RotationWorkPool pool, TimeProvider timeProvider, ILogger<DueRotationScan> logger,
    KeyturnMetrics? metrics = null)
{
    /// <summary>Rows read per page of the due-scan (bench/ reads this constant to time the scan as the scheduler runs it).</summary>
    private const int BatchSize = 50;

    /// <summary>How many rotations it started.</summary>
    public async Task<int> StartDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var counts = new DueCounts();
        try
        {
            return await StartDueAsync(now, counts, cancellationToken);
        }
        finally
        {
            // The gauges show what this scan saw, so a scrape needs no query of its own. A scan that read no page (the
            // pool was full from the start) leaves the last counts standing.
            if (counts.Looked)
            {
                metrics?.DueScanned(counts.Due, counts.Overdue);
            }
        }
    }

    private async Task<int> StartDueAsync(DateTimeOffset now, DueCounts counts, CancellationToken cancellationToken)
    {
        var started = 0;
        DueRotation? after = null;
        while (pool.HasFreeSlot)
        {
            var page = await store.ListDueRotationsAsync(now, after, BatchSize, cancellationToken);
            counts.Add(page, now);
            foreach (var due in page)
            {
                if (throttle.ThrottledUntil(due.ConnectionId, now) is { } until)
                {
                    logger.LogDebug("Scheduled rotation {RotationId} deferred: its connection is throttled until {Until}", due.Id, until);
                    continue;
                }

                var outcome = pool.TryStart(due.Id, due.ConnectionId, token => RotateAsync(due.Id, token), cancellationToken);
                if (outcome == StartOutcome.PoolFull)
                {
                    return started;
                }

                started += outcome == StartOutcome.Started ? 1 : 0;
            }

            if (page.Count < BatchSize)
            {
                break;
            }

            after = page[^1];
        }

        return started;
    }

    private async Task RotateAsync(Guid rotationId, CancellationToken cancellationToken)
    {
        var result = await engine.RotateAsync(rotationId, JobTriggers.Schedule, cancellationToken);
        if (!result.IsSuccess)
        {
            logger.LogInformation("Scheduled rotation {RotationId} skipped: {Reason}", rotationId, result.Problem.Title);
        }
    }

    /// <summary>What one scan saw; when the pool fills up the scan stops early, so these are lower bounds then.</summary>
    private sealed class DueCounts
    {
        public bool Looked { get; private set; }

        public int Due { get; private set; }

        public int Overdue { get; private set; }

        public void Add(IReadOnlyList<DueRotation> page, DateTimeOffset now)
        {
            Looked = true;
            Due += page.Count;
            Overdue += page.Count(d => now - d.NextRotationAt > KeyturnMetrics.OverdueAfter);
        }
    }
}
