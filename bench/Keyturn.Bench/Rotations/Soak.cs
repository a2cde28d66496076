using System.Diagnostics;
using System.Globalization;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// A profiling aid, off unless KEYTURN_BENCH_SOAK_SECONDS is set: after the warm-up, each side rotates alone for that
/// long, and the log gives each soak's CPU per rotation and its CLOCK_MONOTONIC window (Stopwatch's clock on Linux).
/// A profiler attached to the whole run can then be sliced to one side, e.g. `perf record -k CLOCK_MONOTONIC` and
/// `perf report --time START,END`. The section's tables never include these runs.
/// </summary>
public static class Soak
{
    public const string Variable = "KEYTURN_BENCH_SOAK_SECONDS";

    public static async Task RunIfAskedAsync(BenchContext context, IReadOnlyList<IRotationSide> sides, int concurrency, CancellationToken cancellationToken)
    {
        if (!double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return;
        }

        foreach (var side in sides)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var runs = new List<RunResult>();
            context.Log($"soak: {side.Name}: begins, {seconds:F0} s");
            var pauseBefore = GC.GetTotalPauseDuration();
            int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var begin = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(begin).TotalSeconds < seconds)
            {
                runs.Add(await ConcurrentRun.RunAsync(side, 4 * side.Targets, concurrency, cancellationToken));
            }

            var end = Stopwatch.GetTimestamp();
            var all = RunResult.Combine(runs);
            var pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalMicroseconds / all.Rotations;
            var collections = string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]));
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"soak: {side.Name}: {all.Rotations} rotations, {all.PerSecond:F0}/s, CPU {all.CpuPerRotationMs:F3} ms per rotation " +
                $"(runs of {4 * side.Targets}: {Spread(runs)}), {all.AllocatedPerRotationKiB:F0} KiB allocated per rotation, " +
                $"GC paused {pause:F0} µs per rotation (gen0/1/2 collections {collections}), " +
                $"monotonic {Seconds(begin):F3},{Seconds(end):F3}"));
        }
    }

    /// <summary>How much CPU per rotation varied between the soak's runs: their median and the 10th to 90th percentile.</summary>
    private static string Spread(List<RunResult> runs)
    {
        var sorted = runs.Select(r => r.CpuPerRotationMs).Order().ToArray();
        double At(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return string.Create(CultureInfo.InvariantCulture, $"median {At(0.5):F2} ms, p10-p90 {At(0.1):F2}-{At(0.9):F2} ms");
    }

    private static double Seconds(long timestamp) => (double)timestamp / Stopwatch.Frequency;
}
