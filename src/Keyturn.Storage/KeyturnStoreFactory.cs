using Keyturn.Core.Storage;
using Keyturn.Core.Telemetry;
using Keyturn.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Keyturn.Storage;

public static class KeyturnStoreFactory
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Builds a store for the configured backend. Opens no connection: call InitializeAsync first.</summary>
    /// <param name="metrics">The server's instruments (audit write latency); null for a store without a server.</param>
    public static IKeyturnStore Create(StorageOptions options, KeyturnMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        SqlDialect dialect = options.Provider.Trim().ToLowerInvariant() switch
        {
            Sqlite => new SqliteDialect(options.ConnectionString, options.CacheReads),
            Postgres or "postgresql" => new PostgresDialect(options.ConnectionString, options.CacheReads),
            _ => throw new ArgumentException($"Unknown storage provider '{options.Provider}'; use 'sqlite' or 'postgres'.", nameof(options)),
        };
        return new SqlKeyturnStore(dialect) { Metrics = metrics };
    }

    /// <summary>Options for a SQLite database file, created (with its directory) on InitializeAsync when missing.</summary>
    public static StorageOptions ForSqliteFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // No ForeignKeys keyword: Microsoft.Data.Sqlite would run `PRAGMA foreign_keys` on every open of a
            // pooled connection; SqliteDialect sets it once per native handle instead.
            // Seconds Microsoft.Data.Sqlite keeps retrying a busy database on top of busy_timeout.
            DefaultTimeout = 30,
        };
        return new StorageOptions(Sqlite, builder.ConnectionString);
    }
}
