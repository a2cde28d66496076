using System.Globalization;
using Keyturn.Bench.Report;

namespace Keyturn.Bench.Rotations;

/// <summary>Turns the sides' measurements into the section's tables, target and computed notes.</summary>
public static class RotationReport
{
    public static SectionReport Build(SideMeasurement baseline, SideMeasurement engine, SideMeasurement? memoryEngine, WarmUpResult warmUp, int targets, LatencyDiagnostic withLatency)
    {
        // Per rotation, from the mean time each rotation took with the same number of rotations in flight on both sides.
        var overhead = Overhead(engine, baseline);
        var c = engine.Run.Concurrency;
        SideMeasurement[] rows = memoryEngine is null ? [engine, baseline] : [engine, memoryEngine, baseline];

        var throughput = new ReportTable(
            $"Rotations at concurrency {c}",
            ["", "Rotations", "Concurrency", "Wall time", "Rotations/s", "Mean per rotation", "p50", "p99", "Mean vs baseline", "CPU per rotation"],
            [.. rows.Select(r => Row(r, baseline))]);

        var calls = new ReportTable(
            "Provider HTTP calls per rotation (emulator's count; total in brackets)",
            ["", .. ProviderCalls.Kinds],
            [.. rows.Select(CallRow)]);

        SideMeasurement[] latencyRows = withLatency.MemoryEngine is { } memoryWithLatency
            ? [withLatency.Engine, memoryWithLatency, withLatency.Baseline]
            : [withLatency.Engine, withLatency.Baseline];
        var latency = new ReportTable(
            $"Diagnostic: {withLatency.AddedPerCall.TotalMilliseconds:F0} ms added to every provider request (a fraction of Entra's and Graph's latency over the internet)",
            ["", "Rotations", "Concurrency", "Wall time", "Rotations/s", "Mean per rotation", "p50", "p99", "Mean vs baseline", "CPU per rotation"],
            [.. latencyRows.Select(r => Row(r, withLatency.Baseline))]);

        var addedCpu = engine.Run.CpuPerRotationMs - baseline.Run.CpuPerRotationMs;
        TargetResult[] targetResults =
        [
            new($"Rotation engine overhead vs direct provider calls (c{c})", Format.Percent(overhead), "under 10 %", overhead < 0.10),
            new($"CPU the engine adds per rotation (c{c}, whole process)", Format.Milliseconds(addedCpu), "at most 1 ms", addedCpu <= 1.0),
            new($"Rotation engine overhead with {withLatency.AddedPerCall.TotalMilliseconds:F0} ms added per provider request (c{c})",
                Format.Percent(withLatency.Overhead), "at most 3 %", withLatency.Overhead <= 0.03),
        ];
        var notes = Notes(baseline, engine, memoryEngine, warmUp);
        notes.Add(LatencyNote(withLatency, engine.Latency.MeanMs - baseline.Latency.MeanMs));
        return new SectionReport("Rotations", Method(engine, memoryEngine is not null, warmUp, targets), [throughput, calls, latency], targetResults, notes);
    }

    private static string LatencyNote(LatencyDiagnostic withLatency, double addedWithoutDelay)
    {
        var added = withLatency.Engine.Latency.MeanMs - withLatency.Baseline.Latency.MeanMs;
        var note = $"With {withLatency.AddedPerCall.TotalMilliseconds:F0} ms added to each provider request the engine's overhead is " +
                   $"{Format.Percent(withLatency.Overhead)} (it adds {Format.Milliseconds(added)} per rotation, against " +
                   $"{Format.Milliseconds(addedWithoutDelay)} without the delay; halves {Halves(withLatency.Engine, withLatency.Baseline)})";
        if (withLatency.MemoryEngine is { } memory)
        {
            note += $"; with the database on tmpfs it adds {Format.Milliseconds(memory.Latency.MeanMs - withLatency.Baseline.Latency.MeanMs)}, " +
                    $"so waiting for the disk accounts for {Format.Milliseconds(withLatency.Engine.Latency.MeanMs - memory.Latency.MeanMs)}";
        }

        return note + ".";
    }

    /// <summary>The overhead each half of the palindrome measured on its own: how far one run can be trusted.</summary>
    private static string Halves(SideMeasurement side, SideMeasurement baseline) => string.Join(" and ",
        side.Parts.Zip(baseline.Parts, (s, b) => Format.Percent(LatencyStats.From([.. s.LatenciesMs]).MeanMs / LatencyStats.From([.. b.LatenciesMs]).MeanMs - 1)));

    private static double Overhead(SideMeasurement side, SideMeasurement baseline) => side.Latency.MeanMs / baseline.Latency.MeanMs - 1;

    private static string Method(SideMeasurement engine, bool withMemory, WarmUpResult warmUp, int targets)
    {
        var c = engine.Run.Concurrency;
        return
            $"{Format.Count(engine.Run.Rotations)} azure-client-secret rotations at concurrency {c} on each side, against the in-process Azure emulator " +
            "(HTTPS on loopback, no propagation delay) in the benchmark's own process. " +
            $"**Keyturn engine**: an in-process Keyturn server (SQLite in the run's work directory, Kestrel on loopback, log level Warning, scheduler idle) " +
            $"with {targets} rotations, each on its own app registration, one shared app connection; each rotation is " +
            "`POST /api/v2/secret-rotations/azure-client-secret/{id}/rotate-secrets`, which answers when the attempt has ended, and counts only when the " +
            "answer shows a new successful job that switched the active slot (any failure stops the benchmark). The engine claims the lease, journals " +
            "each step, revokes the credential in the inactive slot, issues a new one, verifies it, and activates it (slot, secrets, job and audit) in the store. " +
            $"**Direct provider calls**: {targets} other app registrations rotated by calling the same `AzureClientSecretProvider` the server registers " +
            "(its own `AzureHttpTransport`, built the same way) in the engine's order: `RevokeAsync` of the credential in the slot about to be filled, " +
            "`IssueAsync` (labelled as the engine labels), `VerifyAsync` once; no store, journal, lease, sealing or API request. " +
            (withMemory
                ? "**Database on tmpfs** (diagnostic, not the target): a second, identical Keyturn server whose data directory is on /dev/shm, where fsync " +
                  "returns at once; the difference to the first row is the time the engine waits for the disk. "
                : "") +
            "Every side first reaches the same steady state (two Keyturn credentials per app plus the one made \"by a human\"), so every measured " +
            "rotation revokes one. Then the sides take turns, each rotating every app four times per round, until two rounds in a row spend under 1 % of " +
            $"the process's CPU time in the JIT (tiered compilation otherwise goes on for tens of seconds): this run took {warmUp.Rounds} rounds, " +
            $"{Format.Count(warmUp.Rotations)} rotations, {warmUp.Took.TotalSeconds:F0} s. " +
            $"Each side runs {c} workers, each owning one app, taking rotations from a shared count; each side runs twice with half " +
            "the rotations, in a palindrome order (baseline, engine, …, engine, baseline), and the halves are added. " +
            "**Overhead** = engine mean time per rotation ÷ baseline mean time per rotation − 1 (same concurrency on both); the throughput ratio is given as a check. " +
            "CPU per rotation is the whole process's CPU time during a side's runs (client, server and emulator threads) ÷ its rotations. " +
            "Provider calls are counted by the emulator, which records every token, discovery and Graph request.";
    }

    private static List<string> Notes(SideMeasurement baseline, SideMeasurement engine, SideMeasurement? memoryEngine, WarmUpResult warmUp)
    {
        var added = engine.Latency.MeanMs - baseline.Latency.MeanMs;
        var notes = new List<string>
        {
            $"The engine adds {Format.Milliseconds(added)} per rotation (mean {Format.Milliseconds(engine.Latency.MeanMs)} against " +
            $"{Format.Milliseconds(baseline.Latency.MeanMs)}); overhead from throughput instead (baseline rotations/s ÷ engine rotations/s − 1): " +
            $"{Format.Percent(baseline.Run.PerSecond / engine.Run.PerSecond - 1)}.",
        };

        if (!warmUp.Settled)
        {
            notes.Add($"The warm-up reached its time limit with the JIT still at {Format.Percent(warmUp.LastJitShare)} of CPU: " +
                      "these figures include code the runtime had not finished optimizing.");
        }

        // How busy the process kept the cores: well below full means the side spends its time waiting, not computing.
        var cores = Environment.ProcessorCount;
        notes.Add(
            $"CPU per rotation (whole process): engine {Format.Milliseconds(engine.Run.CpuPerRotationMs)}, baseline {Format.Milliseconds(baseline.Run.CpuPerRotationMs)} " +
            $"(+{Format.Milliseconds(engine.Run.CpuPerRotationMs - baseline.Run.CpuPerRotationMs)}; each half of the palindrome on its own: " +
            $"{string.Join(" and ", engine.Parts.Zip(baseline.Parts, (e, b) => "+" + Format.Milliseconds(e.CpuPerRotationMs - b.CpuPerRotationMs)))}); " +
            $"managed allocations {engine.Run.AllocatedPerRotationKiB:F0} KiB and {baseline.Run.AllocatedPerRotationKiB:F0} KiB per rotation. " +
            $"During its runs the process kept the {cores} cores " +
            $"{Format.Percent(Busy(engine, cores))} busy for the engine and {Format.Percent(Busy(baseline, cores))} for the baseline; " +
            $"JIT compilation took {Format.Milliseconds(engine.Run.Jit)} and {Format.Milliseconds(baseline.Run.Jit)} of it.");

        if (memoryEngine is not null)
        {
            var waiting = engine.Latency.MeanMs - memoryEngine.Latency.MeanMs;
            notes.Add(
                $"With the database on tmpfs (fsync free) the engine's overhead is {Format.Percent(Overhead(memoryEngine, baseline))} " +
                $"(mean {Format.Milliseconds(memoryEngine.Latency.MeanMs)}): waiting for the disk accounts for {Format.Milliseconds(waiting)} " +
                $"of the {Format.Milliseconds(added)} the engine adds per rotation" +
                (added > 0 ? $" ({Format.Percent(waiting / added)})." : "."));
        }

        foreach (var side in new[] { engine, memoryEngine }.OfType<SideMeasurement>())
        {
            if (!side.Calls.Values.SequenceEqual(baseline.Calls.Values))
            {
                var differing = ProviderCalls.Kinds.Zip(side.Calls.Values, baseline.Calls.Values)
                    .Where(k => k.Second != k.Third)
                    .Select(k => $"{k.First} {k.Second} against {k.Third}");
                notes.Add($"{side.Name} and the baseline did not make the same provider calls: {string.Join(", ", differing)}.");
            }
        }

        return notes;
    }

    private static double Busy(SideMeasurement side, int cores) => side.Run.Cpu / (side.Run.Wall * cores);

    private static IReadOnlyList<string> Row(SideMeasurement side, SideMeasurement baseline) =>
    [
        side.Name,
        Format.Count(side.Run.Rotations),
        side.Run.Concurrency.ToString(CultureInfo.InvariantCulture),
        Format.Milliseconds(side.Run.Wall),
        Format.Rate(side.Run.PerSecond),
        Format.Milliseconds(side.Latency.MeanMs),
        Format.Milliseconds(side.Latency.P50Ms),
        Format.Milliseconds(side.Latency.P99Ms),
        Format.Ratio(side.Latency.MeanMs / baseline.Latency.MeanMs),
        Format.Milliseconds(side.Run.CpuPerRotationMs),
    ];

    private static IReadOnlyList<string> CallRow(SideMeasurement side) =>
    [
        side.Name,
        .. side.Calls.Values.Select(n => $"{side.CallsPerRotation(n).ToString("F2", CultureInfo.InvariantCulture)} ({Format.Count(n)})"),
    ];
}
