using Keyturn.Core.Crypto;
using Keyturn.Storage;
using ServerFiles = Keyturn.Server.Hosting.DataDirectory;

namespace Keyturn.Bench.Scale;

/// <summary>Everything measured on one backend: the installation empty, then the same installation loaded.</summary>
public sealed record BackendMeasurement(
    string Backend,
    string Where,
    DueScanResult EmptyScan,
    ServerStartupSeries EmptyRuns,
    long EmptySize,
    SeedResult Seed,
    DueScanResult LoadedScan,
    ServerStartupSeries LoadedRuns,
    long LoadedSize,
    IReadOnlyList<string> LoadedPlan,
    DueScanResult AllDueScan,
    IReadOnlyList<string> AllDuePlan)
{
    /// <summary>How long each part runs; quick runs only check that the harness works.</summary>
    public sealed record Settings(int ScanWarmups, int ScanIterations, int ServerStarts, TimeSpan Idle)
    {
        public static Settings Full { get; } = new(20, 200, 3, TimeSpan.FromSeconds(5));

        public static Settings Quick { get; } = new(5, 50, 2, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// One installation, measured twice. The schema and the connections data key are created through the store
    /// before the empty measurement, so both server start-ups open an initialised installation and differ only in data.
    /// </summary>
    public static async Task<BackendMeasurement> RunAsync(
        BenchContext context, ScaleBackend backend, string where, ScaleShape shape, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = KeyturnStoreFactory.Create(backend.Storage);
        await store.InitializeAsync(cancellationToken);
        // The same root.key the server will load from the data directory, so it opens what is sealed here.
        // Created here on a fresh installation, as the server would (never beside a database that has data keys).
        var rootKey = ServerFiles.LoadOrGenerateRootKey(backend.DataDirectory, null, sqliteInDirectory: false);
        await ServerFiles.SaveNewRootKeyAsync(rootKey, backend.DataDirectory, store, cancellationToken);
        var cipher = new EnvelopeCipher(rootKey.Key, store, TimeProvider.System);
        await cipher.EnsureRootKeyMatchesAsync(cancellationToken);

        context.Log($"{backend.Name}: empty installation");
        var emptyScan = await DueScan.MeasureAsync(store, settings.ScanWarmups, settings.ScanIterations, cancellationToken);
        var emptyRuns = await ServerStartups.MeasureAsync(context, backend, settings.ServerStarts, settings.Idle, null, cancellationToken);
        var emptySize = await backend.SizeAsync(cancellationToken);

        context.Log($"{backend.Name}: seeding {shape.Rotations:N0} rotations, {shape.SecretVersions:N0} secret versions");
        var seed = await BulkSeeder.SeedAsync(backend, store, cipher, shape, context.Log, cancellationToken);
        context.Log($"{backend.Name}: seeded in {seed.Elapsed.TotalSeconds:F0} s; checking it reads back");
        await SeedCheck.VerifyAsync(store, cipher, backend, shape, seed, cancellationToken);

        context.Log($"{backend.Name}: loaded installation");
        var loadedScan = await DueScan.MeasureAsync(store, settings.ScanWarmups, settings.ScanIterations, cancellationToken);
        Expect(loadedScan.Found == Math.Min(shape.DueRotations, DueScan.SchedulerLimit), $"the due-scan found {loadedScan.Found} rotations");
        var plan = await backend.ExplainDueScanAsync(DateTimeOffset.UtcNow, DueScan.SchedulerLimit, cancellationToken);
        var loadedRuns = await ServerStartups.MeasureAsync(context, backend, settings.ServerStarts, settings.Idle,
            (server, ct) => ServerReadCheck.VerifyAsync(server, seed.Samples, ct), cancellationToken);
        var loadedSize = await backend.SizeAsync(cancellationToken);

        // Last, because it rewrites every rotation: yesterday 00:00 UTC, the default rotate-at time.
        context.Log($"{backend.Name}: every rotation due at one instant");
        await backend.MakeAllDueAsync(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero), cancellationToken);
        var allDueScan = await DueScan.MeasureAsync(store, settings.ScanWarmups, settings.ScanIterations, cancellationToken);
        Expect(allDueScan.Found == Math.Min(shape.Rotations, DueScan.SchedulerLimit), $"the worst-case due-scan found {allDueScan.Found} rotations");
        var allDuePlan = await backend.ExplainDueScanAsync(DateTimeOffset.UtcNow, DueScan.SchedulerLimit, cancellationToken);

        return new BackendMeasurement(backend.Name, where, emptyScan, emptyRuns, emptySize, seed, loadedScan, loadedRuns, loadedSize, plan, allDueScan, allDuePlan);
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The loaded installation is not as seeded: {problem}.");
        }
    }
}
