using Keyturn.AzureEmulator;
using Keyturn.Bench.Report;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// Rotation throughput: azure-client-secret rotations through Keyturn against the in-process emulator, and the same
/// provider calls made directly, in the same process against the same emulator at the same concurrency.
/// </summary>
public sealed class RotationBenchmark : IBenchSection
{
    public const string EngineName = "Keyturn engine (HTTP API)";
    public const string MemoryEngineName = "Keyturn engine, database on tmpfs (diagnostic)";

    // Long enough for tiered compilation to finish on a busy two-core machine (about 40 s in the profile), bounded.
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan QuickWarmUpLimit = TimeSpan.FromSeconds(3);

    public string Key => "rotations";

    public async Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var (rotations, concurrency) = context.Quick ? (40, 4) : (500, 16);
        // One app registration per worker: rotations of different apps never wait for each other's lease.
        var targets = concurrency;

        // Declared first so it is deleted last, after the server using it has stopped.
        using var memory = MemoryDirectory.TryCreate();
        await using var rig = await RotationRig.StartAsync(cancellationToken);
        var server = await rig.StartServerAsync(context.NewDirectory("rotations-data"), cancellationToken);
        context.Log($"rotations: emulator at {rig.Emulator.BaseUri}, Keyturn at {server.Address}; creating {targets} rotations per side");
        using var engine = await EngineSide.CreateAsync(EngineName, rig, server, targets, cancellationToken);
        using var direct = DirectSide.Create(rig, targets);

        // The diagnostic: the same engine with fsync made free, to show how much of its cost is waiting for the disk.
        EngineSide? memoryEngine = null;
        if (memory is not null)
        {
            var memoryServer = await rig.StartServerAsync(memory.Path, cancellationToken);
            memoryEngine = await EngineSide.CreateAsync(MemoryEngineName, rig, memoryServer, targets, cancellationToken);
        }

        using (memoryEngine)
        {
            // Creating a Keyturn rotation already rotated once (slot 0). Two more per target fill slot 1 and then revoke
            // for the first time; the direct side needs three for the same state. Every later rotation revokes one.
            context.Log("rotations: filling both slots of every target");
            await ConcurrentRun.RotateEachAsync(engine, 2, cancellationToken);
            await ConcurrentRun.RotateEachAsync(direct, 3, cancellationToken);
            if (memoryEngine is not null)
            {
                await ConcurrentRun.RotateEachAsync(memoryEngine, 2, cancellationToken);
            }

            IRotationSide[] sides = memoryEngine is null ? [direct, engine] : [direct, engine, memoryEngine];
            var warmUp = await WarmUp.RunAsync(context, sides, concurrency, context.Quick ? QuickWarmUpLimit : WarmUpLimit, cancellationToken);
            context.Log($"rotations: warmed up in {warmUp.Took.TotalSeconds:F0} s ({warmUp.Rotations} rotations), JIT at {warmUp.LastJitShare:P1} of CPU");
            await Soak.RunIfAskedAsync(context, sides, concurrency, rotations / 2, cancellationToken);
            var measured = await MeasureAsync(context, rig, sides, rotations, concurrency, cancellationToken);
            // 480: with 160 the overhead moved by several points between runs on a busy machine, more than the 3 % target.
            var withLatency = await MeasureWithProviderLatencyAsync(context, rig, direct, engine, memoryEngine, context.Quick ? 16 : 480, concurrency, cancellationToken);
            return RotationReport.Build(measured[direct], measured[engine], memoryEngine is null ? null : measured[memoryEngine], warmUp, targets, withLatency);
        }
    }

    /// <summary>Added by the emulator to every token and Graph request in the latency diagnostic.</summary>
    public static readonly TimeSpan ProviderLatency = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Diagnostic: the same two sides with <see cref="ProviderLatency"/> added to every provider request, a fraction
    /// of what Entra and Graph take over the internet. The engine's own cost is the same in milliseconds; this shows
    /// what share of a rotation it is once the provider is not an in-process emulator.
    /// </summary>
    private static async Task<LatencyDiagnostic> MeasureWithProviderLatencyAsync(
        BenchContext context, RotationRig rig, IRotationSide direct, IRotationSide engine, IRotationSide? memoryEngine, int rotations, int concurrency,
        CancellationToken cancellationToken)
    {
        context.Log($"rotations: again with {ProviderLatency.TotalMilliseconds:F0} ms added to every provider call");
        rig.Emulator.Control.InjectFault(new FaultRule("*", "", 0, Delay: ProviderLatency, Times: int.MaxValue));
        try
        {
            IRotationSide[] sides = memoryEngine is null ? [direct, engine] : [direct, engine, memoryEngine];
            var measured = await MeasureAsync(context, rig, sides, rotations, concurrency, cancellationToken);
            return new LatencyDiagnostic(ProviderLatency, measured[direct], measured[engine], memoryEngine is null ? null : measured[memoryEngine]);
        }
        finally
        {
            rig.Emulator.Control.ClearFaults();
        }
    }

    /// <summary>
    /// Each side runs twice, half the rotations each time, in a palindrome (baseline, engine, ..., engine, baseline):
    /// load that drifts during the run (other processes on the machine) then weighs on every side alike.
    /// </summary>
    private static async Task<Dictionary<IRotationSide, SideMeasurement>> MeasureAsync(
        BenchContext context, RotationRig rig, IRotationSide[] sides, int rotations, int concurrency, CancellationToken cancellationToken)
    {
        var halves = new[] { rotations / 2, rotations - rotations / 2 };
        var order = sides.Select(s => (Side: s, Half: 0)).Concat(Enumerable.Reverse(sides).Select(s => (Side: s, Half: 1)));
        var runs = sides.ToDictionary(s => s, _ => new List<RunResult>());
        var calls = sides.ToDictionary(s => s, _ => ProviderCalls.Zero);
        foreach (var (side, half) in order)
        {
            // Garbage from the previous run is collected now rather than during this one.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = ProviderCalls.Read(rig.Emulator.Control);
            var run = await ConcurrentRun.RunAsync(side, halves[half], concurrency, cancellationToken);
            calls[side] += ProviderCalls.Read(rig.Emulator.Control) - before;
            runs[side].Add(run);
            context.Log($"rotations: {side.Name}: {run.Rotations} in {Format.Milliseconds(run.Wall)} ({Format.Rate(run.PerSecond)}/s)");
        }

        return sides.ToDictionary(s => s, s => new SideMeasurement(s.Name, RunResult.Combine(runs[s]), calls[s], runs[s]));
    }
}
