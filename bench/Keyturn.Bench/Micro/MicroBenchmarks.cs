using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Keyturn.Bench.Report;

namespace Keyturn.Bench.Micro;

/// <summary>
/// Crypto and storage micro-benchmarks with BenchmarkDotNet: sealing and opening a secret value, the token hash
/// check, one secret read from SQLite (and PostgreSQL when the run has one). Each class has a baseline, the bare
/// primitive or driver call, so every figure is a ratio to something measured in the same run.
/// </summary>
public sealed class MicroBenchmarks : IBenchSection
{
    private const int SecretCount = 1_000;
    private const int QuickSecretCount = 100;

    private const string Method =
        "BenchmarkDotNet runs each operation in this process for many thousands of calls per iteration and reports the mean per call, " +
        "the error (half the 99.9 % confidence interval), the standard deviation and P95 across iterations, and bytes allocated per call. " +
        "Each table has a baseline, the bare primitive or driver doing the same work, and the ratio is each mean over the baseline's mean. " +
        "**Seal/open**: the baseline is one preconstructed `AesGcm` with a fixed nonce and no associated data; `AesGcmSealer` given the key " +
        "builds an `AesGcm` (a key schedule) per call, as `RootKey` uses it; given a reused `AesGcm` it adds a random nonce, the context as " +
        "associated data and a fresh array; `EnvelopeCipher` as `SecretService` calls it adds building the context string, encoding the value, " +
        "the cached data-key lookup and taking an `AesGcm` from that data key's pool. " +
        "**Token check**: the baseline is SHA-256 of the token's bytes into a stack buffer; `ApiTokens.Hash` encodes the string and returns " +
        "an array; the filter row adds parsing the `Authorization` header and a fixed-time comparison standing in for the store's lookup by hash. " +
        "**Secret read**: the baseline opens a pooled connection and selects one row by primary key from a one-table database " +
        "with as many rows of the same size as the store holds; the next rows run the store's own SQL on the bare driver (on PostgreSQL " +
        "unprepared, then auto-prepared as the store sends it), then `IKeyturnStore.GetSecretAsync` with `CacheReads = false`, so every call " +
        "runs that SQL (the storage read), then the same with the read cache on, as a server runs: after the first read the secret comes " +
        "from memory until the next commit invalidates the cache. The store is seeded through the store contract, as `SecretService` writes. " +
        "Every benchmark's setup checks its result (the value opens back, the hash matches, the read returns the seeded ciphertext; " +
        "the cache-off store maps a new object per read and the cache-on store returns the cached one) and the " +
        "run fails if one is wrong.";

    public string Key => "micro";

    public async Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var config = MicroConfig.Create(context.NewDirectory("micro-benchmarkdotnet"), context.Quick);
        var count = context.Quick ? QuickSecretCount : SecretCount;
        var tables = new List<ReportTable>();
        var notes = new List<string>();

        var seal = Run<SealBenchmarks>(context, config, cancellationToken);
        tables.Add(MicroTable.Render("Seal and open one 40-character secret value", seal));
        notes.Add(SealBreakdown.Note(seal));
        tables.Add(MicroTable.Render("Token hash check, per request, without the store", Run<TokenHashBenchmarks>(context, config, cancellationToken)));

        context.Log($"micro: seeding {count:N0} secrets into a SQLite store");
        await using (var sqlite = await SqliteFixture.CreateAsync(context.NewDirectory("micro-sqlite"), count, cancellationToken))
        {
            var rows = WithFixture(() => MicroFixtures.Sqlite = sqlite, () => MicroFixtures.Sqlite = null,
                () => Run<SqliteReadBenchmarks>(context, config, cancellationToken));
            tables.Add(MicroTable.Render($"One secret read from SQLite ({count:N0} secrets, WAL, file on local disk)", rows));
            notes.Add(StoreReadBreakdown.Sqlite(rows));
        }

        if (context.Postgres is { } postgres)
        {
            context.Log($"micro: seeding {count:N0} secrets into a PostgreSQL database created for this run");
            await using var pg = await PostgresFixture.CreateAsync(postgres, count, cancellationToken);
            var rows = WithFixture(() => MicroFixtures.Postgres = pg, () => MicroFixtures.Postgres = null,
                () => Run<PostgresReadBenchmarks>(context, config, cancellationToken));
            tables.Add(MicroTable.Render($"One secret read from PostgreSQL ({count:N0} secrets, loopback TCP)", rows));
            notes.Add(StoreReadBreakdown.Postgres(rows));
        }
        else
        {
            notes.Add("PostgreSQL: not available in this run, so its read benchmark was left out.");
        }

        notes.Add(context.Quick
            ? "Quick run: 1 warmup and 3 iterations of about 50 ms per benchmark; the figures only show the benchmarks run."
            : "BenchmarkDotNet 0.14.0, in-process toolchain, 1 launch, 3 warmup and 10 measured iterations per benchmark, workstation GC. " +
              "Other work on the machine shows up as a wide error or a P95 far above the mean; compare ratios rather than absolute times across runs.");
        return new SectionReport("Micro-benchmarks", Method, tables, [], notes);
    }

    /// <summary>Runs one benchmark class and returns its rows; throws if any benchmark failed or was rejected.</summary>
    private static IReadOnlyList<MicroRow> Run<T>(BenchContext context, IConfig config, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        context.Log($"micro: {typeof(T).Name}");
        return MicroResults.From(BenchmarkRunner.Run<T>(config));
    }

    /// <summary>Publishes a fixture to the benchmark classes for the duration of one run.</summary>
    private static IReadOnlyList<MicroRow> WithFixture(Action set, Action clear, Func<IReadOnlyList<MicroRow>> run)
    {
        set();
        try
        {
            return run();
        }
        finally
        {
            clear();
        }
    }
}
