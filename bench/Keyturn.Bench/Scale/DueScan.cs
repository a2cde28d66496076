using System.Diagnostics;
using Keyturn.Core.Storage;
using Keyturn.Server.Scheduling;

namespace Keyturn.Bench.Scale;

/// <summary>What a series of due-scans found (the last call's count) and how long each took.</summary>
public sealed record DueScanResult(int Found, Distribution Milliseconds);

/// <summary>How long the scheduler's query for due rotations takes, timed through the store as the scheduler calls it.</summary>
public static class DueScan
{
    /// <summary>
    /// The scheduler's batch size: DueRotationScan.BatchSize, read by reflection (it is private) so the figure
    /// follows the server if the constant changes, and fails loudly if it is renamed.
    /// </summary>
    public static int SchedulerLimit { get; } =
        (int)(typeof(DueRotationScan).GetField("BatchSize", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
              ?.GetRawConstantValue() ?? throw new InvalidOperationException("DueRotationScan has no BatchSize constant; update the scale benchmark."));

    /// <summary>Untimed calls first (JIT, pool, caches), then <paramref name="iterations"/> timed ones, one after another.</summary>
    public static async Task<DueScanResult> MeasureAsync(IKeyturnStore store, int warmups, int iterations, CancellationToken cancellationToken)
    {
        var found = 0;
        for (var i = 0; i < warmups; i++)
        {
            found = (await store.ListDueRotationsAsync(DateTimeOffset.UtcNow, null, SchedulerLimit, cancellationToken)).Count;
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            found = (await store.ListDueRotationsAsync(DateTimeOffset.UtcNow, null, SchedulerLimit, cancellationToken)).Count;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return new DueScanResult(found, new Distribution(times));
    }
}
