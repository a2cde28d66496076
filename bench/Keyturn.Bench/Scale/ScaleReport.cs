using Keyturn.Bench.Report;

namespace Keyturn.Bench.Scale;

/// <summary>Turns the measurements into the section's tables, targets and method text.</summary>
public static class ScaleReport
{
    private const double DueScanTargetMs = 20;
    private const double StartupTargetMs = 2_000;
    private const long MemoryTargetBytes = 300L * 1024 * 1024;

    public static SectionReport Build(ScaleShape shape, BackendMeasurement.Settings settings, IReadOnlyList<BackendMeasurement> measured, IReadOnlyList<string> sectionNotes)
    {
        var notes = new List<string>(sectionNotes);
        var tables = new List<ReportTable>();
        var targets = new List<TargetResult>();
        var size = $"{Format.Count(shape.Rotations)} rotations";
        foreach (var m in measured)
        {
            tables.Add(Figures(m, settings));
            tables.Add(Plan($"Due-scan plan ({m.Backend}, loaded)", m.LoadedPlan));
            tables.Add(Plan($"Due-scan plan ({m.Backend}, worst case: every rotation due at one instant)", m.AllDuePlan));
            var p99 = m.LoadedScan.Milliseconds.Percentile(99);
            var worst = m.AllDueScan.Milliseconds.Percentile(99);
            var startup = StartupMs(m.LoadedRuns.Runs).Median;
            var memory = (long)IdleBytes(m.LoadedRuns.Runs).Median;
            var starts = m.LoadedRuns.Runs.Count;
            targets.Add(new TargetResult($"Due-scan p99, {size} ({m.Backend})", Format.Milliseconds(p99), "under 20 ms", p99 < DueScanTargetMs));
            targets.Add(new TargetResult($"Due-scan p99, worst case: all {size} due at one instant ({m.Backend})", Format.Milliseconds(worst), "under 20 ms", worst < DueScanTargetMs));
            targets.Add(new TargetResult($"Start-up to ready, {size}, median of {starts} ({m.Backend})", Format.Milliseconds(startup), "under 2 s", startup < StartupTargetMs));
            targets.Add(new TargetResult($"Idle memory (RSS), {size}, median of {starts} ({m.Backend})", Format.MiB(memory), "under 300 MiB", memory < MemoryTargetBytes));
            if (m.EmptyRuns.Abandoned + m.LoadedRuns.Abandoned is > 0 and var abandoned)
            {
                notes.Add($"{m.Backend}: {abandoned} server start(s) were abandoned and repeated because a /healthz poll exceeded " +
                          "KeyturnServerProcess's 2 s per-request timeout; the start-up figures leave those (slowest) starts out.");
            }
        }

        tables.Add(SeededRows(shape));
        return new SectionReport("Scale", Method(shape, settings, measured), tables, targets, notes);
    }

    private static ReportTable Figures(BackendMeasurement m, BackendMeasurement.Settings settings)
    {
        var rows = new List<IReadOnlyList<string>>();
        void Row(string figure, double empty, double loaded, Func<double, string> format) =>
            rows.Add([figure, format(empty), format(loaded), empty > 0 ? Format.Ratio(loaded / empty) : "—"]);

        var n = settings.ScanIterations;
        Row($"Due-scan p50 ({n} calls)", m.EmptyScan.Milliseconds.Median, m.LoadedScan.Milliseconds.Median, Format.Milliseconds);
        Row($"Due-scan p99 ({n} calls)", m.EmptyScan.Milliseconds.Percentile(99), m.LoadedScan.Milliseconds.Percentile(99), Format.Milliseconds);
        Row($"Due-scan max ({n} calls)", m.EmptyScan.Milliseconds.Max, m.LoadedScan.Milliseconds.Max, Format.Milliseconds);
        Row("Due-scan p50, worst case: all due at one instant", m.EmptyScan.Milliseconds.Median, m.AllDueScan.Milliseconds.Median, Format.Milliseconds);
        Row("Due-scan p99, worst case: all due at one instant", m.EmptyScan.Milliseconds.Percentile(99), m.AllDueScan.Milliseconds.Percentile(99), Format.Milliseconds);
        rows.Add([$"Rotations returned per scan (limit {DueScan.SchedulerLimit})", Format.Count(m.EmptyScan.Found), Format.Count(m.LoadedScan.Found), "—"]);
        Row($"Start-up to ready, median of {m.LoadedRuns.Runs.Count}", StartupMs(m.EmptyRuns.Runs).Median, StartupMs(m.LoadedRuns.Runs).Median, Format.Milliseconds);
        rows.Add(["Start-up to ready, each start", Each(m.EmptyRuns.Runs), Each(m.LoadedRuns.Runs), "—"]);
        Row("RSS at ready, median", Bytes(m.EmptyRuns.Runs, r => r.AtReady.Resident).Median, Bytes(m.LoadedRuns.Runs, r => r.AtReady.Resident).Median, MiB);
        Row($"Idle RSS ({settings.Idle.TotalSeconds:F0} s after ready), median", IdleBytes(m.EmptyRuns.Runs).Median, IdleBytes(m.LoadedRuns.Runs).Median, MiB);
        Row("… of which anonymous (GC heap, native allocations)", Bytes(m.EmptyRuns.Runs, r => r.Idle.Anonymous).Median, Bytes(m.LoadedRuns.Runs, r => r.Idle.Anonymous).Median, MiB);
        Row("… of which file-backed (mapped code)", Bytes(m.EmptyRuns.Runs, r => r.Idle.FileBacked).Median, Bytes(m.LoadedRuns.Runs, r => r.Idle.FileBacked).Median, MiB);
        rows.Add(["Tables and indexes on disk", Size(m.EmptySize), Size(m.LoadedSize), "—"]);
        rows.Add(["Seeding (informational)", "—", Format.Milliseconds(m.Seed.Elapsed), "—"]);
        return new ReportTable($"{m.Backend} ({m.Where})", ["Figure", "Empty (baseline)", "Loaded", "Loaded ÷ empty"], rows);
    }

    private static ReportTable Plan(string caption, IReadOnlyList<string> lines) =>
        new(caption, ["Plan"], [.. lines.Select(l => (IReadOnlyList<string>)[PlanLine(l)])]);

    private static ReportTable SeededRows(ScaleShape shape)
    {
        long n = shape.Rotations;
        (string Table, long Rows, string What)[] rows =
        [
            ("projects", shape.Projects, "3 environments each; one Azure app connection each"),
            ("rotations", n, $"azure-client-secret, auto-rotation on, interval 30/60/90 days, rotate-at times spread over the day; {Format.Count(shape.DueRotations)} due (1 in {shape.DueEvery})"),
            ("secrets", n * ScaleShape.SecretsPerRotation, "client id and client secret per rotation, owned by it"),
            ("secret_versions", shape.SecretVersions, $"{ScaleShape.VersionsPerSecret} per secret, each sealed with the project's data key"),
            ("rotation_slots", n * ScaleShape.SlotsPerRotation, "both dual-phase slots filled, credentials sealed"),
            ("rotation_jobs", n * ScaleShape.VersionsPerSecret, "one create and four scheduled runs, all succeeded"),
            ("journal_entries", n * ScaleShape.JournalEntriesPerJob, "the latest job's full journal (older jobs' journals left out)"),
        ];
        return new ReportTable("Seeded data (loaded installation, checked by row counts)", ["Table", "Rows", "Shape"],
            [.. rows.Select(r => (IReadOnlyList<string>)[r.Table, Format.Count(r.Rows), r.What])]);
    }

    private static string Method(ScaleShape shape, BackendMeasurement.Settings settings, IReadOnlyList<BackendMeasurement> measured) =>
        $"Each backend ({string.Join(", ", measured.Select(m => m.Backend))}) gets one fresh installation, measured twice: empty (the baseline: schema and " +
        $"connections data key created, no data) and loaded with {Format.Count(shape.Rotations)} rotations and {Format.Count(shape.SecretVersions)} secret versions " +
        "(shape below). Ratios are loaded ÷ empty, on the same machine in the same run. " +
        "Projects, environments, app connections and data keys are created through the store contract; the bulk rows are written with batched " +
        "INSERTs (SQLite) or binary COPY (PostgreSQL) in the schema's exact columns and encodings, bypassing the store for speed, with every value " +
        "sealed through the installation's envelope cipher and root key. Afterwards row counts are checked and sampled rotations, secrets (latest and " +
        "first versions), slots and journals are read back through the store and opened, and through the running server's API. " +
        "PostgreSQL gets `VACUUM (ANALYZE)` after the load, as autovacuum would have done long before; SQLite gets a WAL checkpoint and no ANALYZE, " +
        "because the server never runs one. " +
        $"**Due-scan**: `IKeyturnStore.ListDueRotationsAsync(now, {DueScan.SchedulerLimit})` (the scheduler's batch size) from the benchmark process, " +
        $"{settings.ScanWarmups} untimed calls then {settings.ScanIterations} timed calls back to back; the target is checked against p99. " +
        "The worst case is measured last, after every rotation's next run is set to the same instant (yesterday 00:00 UTC): rotations that keep " +
        "the default rotateAtUtc and share an interval fall due together, and the statement orders by (next_rotation_at, id). " +
        $"**Start-up to ready**: the real `keyturn server` process, from process start to the first 200 from /healthz (polled every 5 ms), " +
        $"{settings.ServerStarts} starts in a row, median. **Idle memory**: VmRSS from /proc/PID/status {settings.Idle.TotalSeconds:F0} s after ready " +
        "with no requests, median over the starts. The due rotations' leases are held by another node name, so the server's first scheduler pass " +
        "finds them and skips them rather than calling Azure: the data stays the same across starts and the process stays idle.";

    private static Distribution StartupMs(IReadOnlyList<ServerRun> runs) => new(runs.Select(r => r.Startup.TotalMilliseconds));

    private static Distribution IdleBytes(IReadOnlyList<ServerRun> runs) => Bytes(runs, r => r.Idle.Resident);

    private static Distribution Bytes(IReadOnlyList<ServerRun> runs, Func<ServerRun, long> bytes) => new(runs.Select(r => (double)bytes(r)));

    private static string Each(IReadOnlyList<ServerRun> runs) => string.Join(", ", runs.Select(r => Format.Milliseconds(r.Startup)));

    private static string MiB(double bytes) => Format.MiB((long)bytes);

    private static string Size(long bytes) => bytes < 10 * 1024 * 1024
        ? (bytes / 1024.0 / 1024.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " MiB"
        : Format.MiB(bytes);

    // Markdown collapses leading spaces, and PostgreSQL's plan shows nesting by indentation: keep it with no-break spaces.
    private static string PlanLine(string line)
    {
        var trimmed = line.TrimStart();
        return $"`{new string('\u00a0', line.Length - trimmed.Length)}{trimmed.TrimEnd()}`";
    }
}
