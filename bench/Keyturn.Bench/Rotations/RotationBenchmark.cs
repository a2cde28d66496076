using Keyturn.Bench.Report;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// Rotation throughput: azure-client-secret rotations through Keyturn against the in-process emulator, and the same
/// provider calls made directly, in the same process against the same emulator at the same concurrency.
/// </summary>
public sealed class RotationBenchmark : IBenchSection
{
    public string Key => "rotations";

    public async Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var (rotations, concurrency) = context.Quick ? (40, 4) : (500, 16);
        // One app registration per worker: rotations of different apps never wait for each other's lease.
        var targets = concurrency;

        await using var rig = await RotationRig.StartAsync(context, cancellationToken);
        context.Log($"rotations: emulator at {rig.Emulator.BaseUri}, Keyturn at {rig.Server.Address}; creating {targets} rotations on each side");
        using var engine = await EngineSide.CreateAsync(rig, targets, cancellationToken);
        using var direct = DirectSide.Create(rig, targets);

        // Creating a Keyturn rotation already rotated once (slot 0). Two more per target fill slot 1 and then revoke
        // for the first time; the direct side needs three for the same state. Every measured rotation then revokes.
        context.Log("rotations: warming up");
        await ConcurrentRun.WarmUpAsync(engine, 2, cancellationToken);
        await ConcurrentRun.WarmUpAsync(direct, 3, cancellationToken);

        var measured = await MeasureAsync(context, rig, [direct, engine], rotations, concurrency, cancellationToken);
        return RotationReport.Build(measured[direct], measured[engine], targets);
    }

    /// <summary>
    /// Each side runs twice, half the rotations each time, in the order baseline, engine, engine, baseline: load that
    /// drifts during the run (other processes on the machine) then weighs on both sides alike.
    /// </summary>
    private static async Task<Dictionary<IRotationSide, SideMeasurement>> MeasureAsync(
        BenchContext context, RotationRig rig, IRotationSide[] sides, int rotations, int concurrency, CancellationToken cancellationToken)
    {
        var halves = new[] { rotations / 2, rotations - rotations / 2 };
        var order = new[] { (sides[0], 0), (sides[1], 0), (sides[1], 1), (sides[0], 1) };
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

        return sides.ToDictionary(s => s, s => new SideMeasurement(s.Name, RunResult.Combine(runs[s]), calls[s]));
    }
}
