using System.Diagnostics;
using System.Runtime;

namespace Keyturn.Bench.Rotations;

/// <summary>How the warm-up ended.</summary>
/// <param name="Settled">Whether the JIT went quiet before the time limit.</param>
/// <param name="LastJitShare">JIT compilation time ÷ process CPU time in the last round.</param>
public sealed record WarmUpResult(TimeSpan Took, int Rounds, int Rotations, double LastJitShare, bool Settled);

/// <summary>
/// Runs the sides in turns until the runtime has finished optimizing their code. A profile of this benchmark showed
/// tiered compilation still promoting methods (Keyturn, Kestrel, Azure SDK, MSAL, SQLite) 40 s into a run on two
/// busy cores, with CPU per rotation falling by more than half meanwhile: a warm-up of a few rotations would measure
/// the JIT, not the engine. So each round rotates every side, and the warm-up ends after two rounds in a row that
/// spent under 1 % of the process's CPU time compiling, or at the time limit.
/// </summary>
public static class WarmUp
{
    private const double QuietShare = 0.01;
    private const int QuietRounds = 2;

    public static async Task<WarmUpResult> RunAsync(
        BenchContext context, IReadOnlyList<IRotationSide> sides, int concurrency, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        int rounds = 0, rotations = 0, quiet = 0;
        double share;
        do
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var jit = JitInfo.GetCompilationTime();
            foreach (var side in sides)
            {
                // Four rotations per target: enough work per round for the JIT's share to mean something.
                var batch = 4 * side.Targets;
                await ConcurrentRun.RunAsync(side, batch, concurrency, cancellationToken);
                rotations += batch;
            }

            process.Refresh();
            share = (JitInfo.GetCompilationTime() - jit) / (process.TotalProcessorTime - cpu);
            quiet = share < QuietShare ? quiet + 1 : 0;
            rounds++;
            if (rounds % 5 == 0)
            {
                context.Log($"rotations: warming up, {clock.Elapsed.TotalSeconds:F0} s, JIT at {share:P0} of CPU");
            }
        }
        while (quiet < QuietRounds && clock.Elapsed < limit);

        return new WarmUpResult(clock.Elapsed, rounds, rotations, share, quiet >= QuietRounds);
    }
}
