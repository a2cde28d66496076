using System.Globalization;
using Keyturn.Bench.Report;

namespace Keyturn.Bench.Rotations;

/// <summary>Turns the two sides' measurements into the section's tables, target and computed notes.</summary>
public static class RotationReport
{
    public static SectionReport Build(SideMeasurement baseline, SideMeasurement engine, int targets)
    {
        // Per rotation, from the mean time each rotation took with the same number of rotations in flight on both sides.
        var overhead = engine.Latency.MeanMs / baseline.Latency.MeanMs - 1;
        var byThroughput = baseline.Run.PerSecond / engine.Run.PerSecond - 1;
        var c = engine.Run.Concurrency;

        var method =
            $"{Format.Count(engine.Run.Rotations)} azure-client-secret rotations at concurrency {c} on each side, against the in-process Azure emulator " +
            "(HTTPS on loopback, no propagation delay) in the benchmark's own process. " +
            $"**Keyturn engine**: an in-process Keyturn server (SQLite, Kestrel on loopback, log level Warning, scheduler idle) with {targets} rotations, " +
            "each on its own app registration, one shared app connection; each rotation is `POST /api/v2/secret-rotations/azure-client-secret/{id}/rotate-secrets`, " +
            "which answers when the attempt has ended, and counts only when the answer shows a new successful job that switched the active slot " +
            "(any failure stops the benchmark). The engine claims the lease, journals each step, revokes the credential in the inactive slot, " +
            "issues a new one, verifies it, and activates it (slot, secrets, job and audit) in the store. " +
            $"**Direct provider calls**: {targets} other app registrations rotated by calling the same `AzureClientSecretProvider` the server registers " +
            "(its own `AzureHttpTransport`, built the same way) in the engine's order: `RevokeAsync` of the credential in the slot about to be filled, " +
            "`IssueAsync` (labelled as the engine labels), `VerifyAsync` once; no store, journal, lease, sealing or API request. " +
            $"Both sides first warm up to the same steady state (two Keyturn credentials per app plus the one made \"by a human\"), so every measured rotation revokes one. " +
            $"Each side runs {c} workers, each owning one app, taking rotations from a shared count; each side runs twice with half the rotations, " +
            "in the order baseline, engine, engine, baseline, and the halves are added. " +
            "**Overhead** = engine mean time per rotation ÷ baseline mean time per rotation − 1 (both with the same concurrency); the throughput ratio is given as a check. " +
            "Provider calls are counted by the emulator, which records every token, discovery and Graph request.";

        var throughput = new ReportTable(
            $"Rotations at concurrency {c}",
            ["", "Rotations", "Concurrency", "Wall time", "Rotations/s", "Mean per rotation", "p50", "p99", "Mean vs baseline"],
            [Row(engine, baseline), Row(baseline, baseline)]);

        var calls = new ReportTable(
            "Provider HTTP calls per rotation (emulator's count; total in brackets)",
            ["", .. ProviderCalls.Kinds],
            [CallRow(engine), CallRow(baseline)]);

        var notes = new List<string>
        {
            $"Engine time per rotation beyond the provider calls: {Format.Milliseconds(engine.Latency.MeanMs - baseline.Latency.MeanMs)} " +
            $"(mean {Format.Milliseconds(engine.Latency.MeanMs)} against {Format.Milliseconds(baseline.Latency.MeanMs)}).",
            $"Overhead from throughput instead (baseline rotations/s ÷ engine rotations/s − 1): {Format.Percent(byThroughput)}.",
        };
        if (!engine.Calls.Values.SequenceEqual(baseline.Calls.Values))
        {
            var differing = ProviderCalls.Kinds.Zip(engine.Calls.Values, baseline.Calls.Values)
                .Where(k => k.Second != k.Third)
                .Select(k => $"{k.First} {k.Second} against {k.Third}");
            notes.Add($"The sides did not make the same provider calls (engine against baseline): {string.Join(", ", differing)}.");
        }

        var target = new TargetResult($"Rotation engine overhead vs direct provider calls (c{c})", Format.Percent(overhead), "under 10 %", overhead < 0.10);
        return new SectionReport("Rotations", method, [throughput, calls], [target], notes);
    }

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
    ];

    private static IReadOnlyList<string> CallRow(SideMeasurement side) =>
    [
        side.Name,
        .. side.Calls.Values.Select(n => $"{side.CallsPerRotation(n).ToString("F2", CultureInfo.InvariantCulture)} ({Format.Count(n)})"),
    ];
}
