using Keyturn.Bench.Report;

namespace Keyturn.Bench.Micro;

/// <summary>
/// Splits the gap between the store's read and the bare driver's into the steps the rows between them add, so the
/// report says where a secret read's time goes rather than only how far it is from the baseline.
/// </summary>
public static class StoreReadBreakdown
{
    public static string Sqlite(IReadOnlyList<MicroRow> rows)
    {
        var bare = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.BareSelect));
        var keywords = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.BareSelectWithStoreKeywords));
        var query = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.StoreQueryOnBareDriver));
        var store = MicroSteps.Find(rows, nameof(SqliteReadBenchmarks.StoreRead));
        return $"SQLite: IKeyturnStore.GetSecretAsync takes {Format.Ratio(store.Ratio)} the bare read, {MicroSteps.Step(store, bare)} per read. " +
               $"The store's connection string keywords account for {MicroSteps.Step(keywords, bare)} and {MicroSteps.Allocated(keywords, bare)}: with `Foreign Keys=True` " +
               "in the string (KeyturnStoreFactory.ForSqliteFile sets it) Microsoft.Data.Sqlite runs `PRAGMA foreign_keys = 1` on every open, " +
               "pooled or not, although SqliteDialect already sets it once per native handle. " +
               $"The store's query over a primary-key lookup accounts for {MicroSteps.Step(query, keywords)}, " +
               $"and the store's own layers (DbSession, Statement, mapping to StoredSecret) for {MicroSteps.Step(store, query)} and {MicroSteps.Allocated(store, query)}.";
    }

    public static string Postgres(IReadOnlyList<MicroRow> rows)
    {
        var bare = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.BareSelect));
        var query = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.StoreQueryOnBareDriver));
        var store = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.StoreRead));
        var prepared = MicroSteps.Find(rows, nameof(PostgresReadBenchmarks.AutoPreparedStoreRead));
        return $"PostgreSQL: IKeyturnStore.GetSecretAsync takes {Format.Ratio(store.Ratio)} the bare read, {MicroSteps.Step(store, bare)} per read. " +
               $"The store's query over a primary-key lookup accounts for {MicroSteps.Step(query, bare)}, " +
               $"the store's own layers for {MicroSteps.Step(store, query)} and {MicroSteps.Allocated(store, query)}. " +
               "Npgsql sends each statement unprepared, so PostgreSQL parses and plans the two-table join on every read; " +
               $"with `Max Auto Prepare={PostgresFixture.MaxAutoPrepare}` in the connection string the same store read takes " +
               $"{Format.Ratio(prepared.Ratio)} the bare read, {MicroSteps.Step(prepared, store)} against the store as configured.";
    }
}
