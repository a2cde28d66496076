using System.Diagnostics;
using System.Globalization;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// A measuring and profiling aid, off unless KEYTURN_BENCH_SOAK_SECONDS is set; the section's tables never include it.
/// After the warm-up, the sides take turns in short runs for that many seconds, so load from other processes on the
/// machine weighs on all of them alike, and the log gives each side's CPU and allocation per rotation and, per round
/// of turns, how much CPU each side added over the first (the baseline), with its spread over the rounds.
/// With KEYTURN_BENCH_SOAK_BLOCKS=1 each side instead runs alone for the whole time, and the log gives its
/// CLOCK_MONOTONIC window (Stopwatch's clock on Linux), so a profiler attached to the run can be sliced to one side,
/// e.g. `perf record -k CLOCK_MONOTONIC` and `perf report --time START,END`.
/// </summary>
public static class Soak
{
    public const string Variable = "KEYTURN_BENCH_SOAK_SECONDS";
    public const string BlocksVariable = "KEYTURN_BENCH_SOAK_BLOCKS";

    /// <param name="runLength">
    /// Rotations per run; the measured halves' length by default. It matters: workers that start together stay in step
    /// for a few rotations, and their writes then share group commits, so short runs show less CPU per rotation.
    /// </param>
    public static async Task RunIfAskedAsync(
        BenchContext context, IReadOnlyList<IRotationSide> sides, int concurrency, int runLength, CancellationToken cancellationToken)
    {
        if (!double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(BlocksVariable) == "1")
        {
            foreach (var side in sides)
            {
                await RunAsync(context, [side], seconds, concurrency, runLength, cancellationToken);
            }
        }
        else
        {
            await RunAsync(context, sides, seconds, concurrency, runLength, cancellationToken);
        }
    }

    private static async Task RunAsync(
        BenchContext context, IReadOnlyList<IRotationSide> sides, double seconds, int concurrency, int runLength, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var runs = sides.ToDictionary(s => s, _ => new List<RunResult>());
        var gc = sides.ToDictionary(s => s, _ => (Pause: TimeSpan.Zero, Gen0: 0, Gen1: 0, Gen2: 0));
        context.Log($"soak: {string.Join(", ", sides.Select(s => s.Name))}: begins, {seconds:F0} s");
        var begin = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(begin).TotalSeconds < seconds)
        {
            foreach (var side in sides)
            {
                var (pause, gen0, gen1, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                runs[side].Add(await ConcurrentRun.RunAsync(side, runLength, concurrency, cancellationToken));
                var before = gc[side];
                gc[side] = (before.Pause + GC.GetTotalPauseDuration() - pause, before.Gen0 + GC.CollectionCount(0) - gen0,
                    before.Gen1 + GC.CollectionCount(1) - gen1, before.Gen2 + GC.CollectionCount(2) - gen2);
            }
        }

        var end = Stopwatch.GetTimestamp();
        foreach (var side in sides)
        {
            var all = RunResult.Combine(runs[side]);
            var (pause, gen0, gen1, gen2) = gc[side];
            var line = string.Create(CultureInfo.InvariantCulture,
                $"soak: {side.Name}: {all.Rotations} rotations, {all.PerSecond:F0}/s, CPU {all.CpuPerRotationMs:F3} ms per rotation " +
                $"(runs of {runLength}: {Spread(runs[side].Select(r => r.CpuPerRotationMs))}), {all.AllocatedPerRotationKiB:F0} KiB allocated per rotation, " +
                $"GC paused {pause.TotalMicroseconds / all.Rotations:F0} µs per rotation (gen0/1/2 collections {gen0}/{gen1}/{gen2}), " +
                $"monotonic {Seconds(begin):F3},{Seconds(end):F3}");
            if (side != sides[0])
            {
                // Each round's runs ran back to back, under the same load: their difference is the steadiest figure.
                var added = runs[side].Zip(runs[sides[0]], (s, b) => s.CpuPerRotationMs - b.CpuPerRotationMs);
                line += string.Create(CultureInfo.InvariantCulture,
                    $"; CPU added over {sides[0].Name} {all.CpuPerRotationMs - RunResult.Combine(runs[sides[0]]).CpuPerRotationMs:F3} ms, per round {Spread(added)}");
            }

            context.Log(line);
        }
    }

    /// <summary>The median and the 10th to 90th percentile of a figure over runs or rounds.</summary>
    private static string Spread(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return string.Create(CultureInfo.InvariantCulture, $"median {At(0.5):F3} ms, p10-p90 {At(0.1):F3}-{At(0.9):F3} ms over {sorted.Length}");
    }

    private static double Seconds(long timestamp) => (double)timestamp / Stopwatch.Frequency;
}
