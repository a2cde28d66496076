namespace Keyturn.Bench.Micro;

/// <summary>
/// Splits the gap between the store's read and the bare driver's into the steps the rows between them add, so the
/// report says where a secret read's time goes rather than only how far it is from the baseline. Every figure is
/// computed from the rows of the same run.
/// </summary>
public static class StoreReadBreakdown
{
    private const string CacheNote =
        "it is a lookup in the store's in-memory read cache (ReadCache), no SQL and no connection; " +
        "every commit through the store invalidates the whole cache, so the first read after any write runs the SQL again (the cache-off row)";

    private static string Times(MicroRow slower, MicroRow faster) =>
        $"about {(slower.Mean / faster.Mean).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} times";

    public static string Sqlite(IReadOnlyList<MicroRow> rows)
    {
        var bare = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.BareSelect));
        var query = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.StoreQueryOnBareDriver));
        var uncached = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.UncachedStoreRead));
        var cached = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.CachedStoreRead));
        return $"SQLite: a storage read, IKeyturnStore.GetSecretAsync with `CacheReads = false`, takes {MicroFormat.Ratio(uncached.Ratio)} the bare read, " +
               $"{MicroSteps.Step(uncached, bare)} per read. The store's query over a primary-key lookup accounts for {MicroSteps.Step(query, bare)}, " +
               $"and the store's own layers (pooled open with the once-per-handle pragma check, DbSession, Statement, mapping to StoredSecret) " +
               $"for {MicroSteps.Step(uncached, query)} and {MicroSteps.Allocated(uncached, query)}. " +
               $"With the cache on, as a server runs, a read of a secret already read takes {MicroSteps.Time(cached)} " +
               $"({MicroFormat.Ratio(cached.Ratio)} the bare read, {Times(uncached, cached)} faster than the storage read): {CacheNote}.";
    }

    public static string Postgres(IReadOnlyList<MicroRow> rows)
    {
        var bare = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.BareSelect));
        var query = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.StoreQueryOnBareDriver));
        var prepared = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.PreparedStoreQueryOnBareDriver));
        var uncached = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.UncachedStoreRead));
        var cached = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.CachedStoreRead));
        return $"PostgreSQL: a storage read, IKeyturnStore.GetSecretAsync with `CacheReads = false`, takes {MicroFormat.Ratio(uncached.Ratio)} the bare read, " +
               $"{MicroSteps.Step(uncached, bare)} per read. Sent unprepared, the store's two-table join costs {MicroSteps.Step(query, bare)} over the " +
               $"primary-key lookup; preparing it, as the store now does (PostgresDialect sets `Max Auto Prepare={PostgresFixture.StoreMaxAutoPrepare}` " +
               $"unless the connection string sets it), changes that by {MicroSteps.Step(prepared, query)}, " +
               $"and the store's own layers (DbSession, Statement, mapping to StoredSecret) add {MicroSteps.Step(uncached, prepared)} and " +
               $"{MicroSteps.Allocated(uncached, prepared)} over the prepared query. " +
               $"With the cache on, as a server runs, a read of a secret already read takes {MicroSteps.Time(cached)} " +
               $"({MicroFormat.Ratio(cached.Ratio)} the bare read, {Times(uncached, cached)} faster than the storage read): {CacheNote}; " +
               "on PostgreSQL each commit also sends a NOTIFY that empties every node's cache, and a node reads the database while its LISTEN connection is down.";
    }
}
