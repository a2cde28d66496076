using System.Diagnostics;
using System.Runtime;

namespace Keyturn.Bench.Rotations;

/// <summary>What one timed run measured.</summary>
/// <param name="Cpu">CPU time of the whole process (client, server and emulator threads) during the run.</param>
/// <param name="Jit">Time the JIT spent compiling during the run (all threads); near zero once the code is warm.</param>
/// <param name="Allocated">Bytes allocated on the managed heap during the run (all threads).</param>
public sealed record RunResult(int Rotations, int Concurrency, TimeSpan Wall, TimeSpan Cpu, TimeSpan Jit, long Allocated, IReadOnlyList<double> LatenciesMs)
{
    public double PerSecond => Rotations / Wall.TotalSeconds;

    public double CpuPerRotationMs => Cpu.TotalMilliseconds / Rotations;

    public double AllocatedPerRotationKiB => Allocated / 1024.0 / Rotations;

    /// <summary>Several runs of one side taken as one: their rotations, wall and CPU times and samples add up.</summary>
    public static RunResult Combine(IReadOnlyList<RunResult> runs) =>
        new(runs.Sum(r => r.Rotations), runs[0].Concurrency, TimeSpan.FromTicks(runs.Sum(r => r.Wall.Ticks)),
            TimeSpan.FromTicks(runs.Sum(r => r.Cpu.Ticks)), TimeSpan.FromTicks(runs.Sum(r => r.Jit.Ticks)), runs.Sum(r => r.Allocated), [.. runs.SelectMany(r => r.LatenciesMs)]);
}

/// <summary>
/// Runs a number of rotations with a fixed number of workers, the same way for both sides. Worker w owns targets
/// w, w+c, w+2c... so no target is ever rotated twice at once (Keyturn would answer Busy); workers take the next
/// rotation from a shared counter, so a faster worker does more and the total is exact.
/// </summary>
public static class ConcurrentRun
{
    /// <summary>
    /// Untimed: exactly <paramref name="perTarget"/> rotations of every target, targets in parallel, e.g. to bring
    /// every target to the steady state where both slots are full.
    /// </summary>
    public static Task RotateEachAsync(IRotationSide side, int perTarget, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, side.Targets).Select(target => Task.Run(async () =>
        {
            for (var i = 0; i < perTarget; i++)
            {
                await side.RotateAsync(target, cancellationToken);
            }
        }, cancellationToken)));

    public static async Task<RunResult> RunAsync(IRotationSide side, int rotations, int concurrency, CancellationToken cancellationToken)
    {
        if (side.Targets < concurrency)
        {
            throw new ArgumentException($"{side.Name} has {side.Targets} targets, fewer than the {concurrency} workers.");
        }

        // The first failure stops the other workers: a failed rotation must end the benchmark, never be counted.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var taken = 0;
        var samples = new List<double>[concurrency];
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var jitBefore = JitInfo.GetCompilationTime();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = [];
            var owned = Enumerable.Range(0, side.Targets).Where(t => t % concurrency == w).ToArray();
            for (var i = 0; Interlocked.Increment(ref taken) <= rotations; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await side.RotateAsync(owned[i % owned.Length], failed.Token);
                }
                catch
                {
                    await failed.CancelAsync();
                    throw;
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, CancellationToken.None)).ToArray();

        try
        {
            await Task.WhenAll(workers);
        }
        catch
        {
            // Report the rotation that failed, not the cancellations it caused in the other workers.
            var first = workers.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null)
            {
                throw new InvalidOperationException($"{side.Name}: a rotation failed: {first.Message}", first);
            }

            throw;
        }

        var wall = clock.Elapsed;
        process.Refresh();
        return new RunResult(rotations, concurrency, wall, process.TotalProcessorTime - cpuBefore, JitInfo.GetCompilationTime() - jitBefore,
            GC.GetTotalAllocatedBytes() - allocatedBefore, [.. samples.SelectMany(s => s)]);
    }
}
