using System.Data;
using System.Data.Common;
using Npgsql;

namespace Keyturn.Storage.Sql;

internal sealed class PostgresDialect(string connectionString, bool cacheReads) : SqlDialect
{
    // Created lazily by Npgsql: building the data source opens nothing.
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(WithAutoPrepare(connectionString));
    private PostgresChangeListener? _listener;

    // Other nodes write the same database: the cache is on only while the LISTEN connection is up (see
    // PostgresChangeListener), and every write transaction sends a NOTIFY that reaches all nodes on commit.
    public override Caching.ReadCache Cache { get; } = new(enabled: false, allowed: cacheReads);

    public override async Task AnnounceChangeAsync(DbSession db, CancellationToken cancellationToken) =>
        await db.Sql($"NOTIFY {PostgresChangeListener.Channel}").ExecuteAsync(cancellationToken);

    // Npgsql pools connections and keeps statements prepared per physical connection itself (auto-prepare).
    public override async Task<DbLease> OpenAsync(CancellationToken cancellationToken) =>
        new OwnedConnection(await _dataSource.OpenConnectionAsync(cancellationToken));

    // READ COMMITTED is enough: every conditional write is a single UPDATE ... WHERE that PostgreSQL re-checks
    // against the latest row version after waiting for a concurrent writer. Every commit is durable: with several
    // nodes, a claim lost in a server crash could be taken by another node while this one still acts on it.
    public override async Task<DbTransaction> BeginWriteAsync(DbLease lease, WriteDurability durability, CancellationToken cancellationToken) =>
        await lease.Connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        _listener ??= PostgresChangeListener.Start(connectionString, Cache);
        return Task.CompletedTask;
    }

    // Two nodes starting together would race on CREATE TABLE IF NOT EXISTS (it can fail on the catalog's unique index).
    public override async Task LockSchemaAsync(DbSession db, CancellationToken cancellationToken) =>
        await db.Sql("SELECT pg_advisory_xact_lock(7308316009)").ExecuteAsync(cancellationToken);

    // COLLATE "C": byte-wise ordering and equality, the same as SQLite's BINARY, whatever the database locale.
    public override string Ddl(string template) => template
        .Replace("{id}", "uuid", StringComparison.Ordinal)
        .Replace("{text}", "text COLLATE \"C\"", StringComparison.Ordinal)
        .Replace("{bytes}", "bytea", StringComparison.Ordinal)
        .Replace("{bool}", "boolean", StringComparison.Ordinal)
        .Replace("{int}", "integer", StringComparison.Ordinal)
        .Replace("{time}", "bigint", StringComparison.Ordinal)
        .Replace("{long}", "bigint", StringComparison.Ordinal)
        .Replace("{strict}", "", StringComparison.Ordinal);

    public override ConflictKind Classify(DbException exception) => exception is PostgresException pg
        ? pg.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation => ConflictKind.Unique,
            PostgresErrorCodes.ForeignKeyViolation => ConflictKind.ForeignKey,
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => ConflictKind.Concurrency,
            _ => ConflictKind.None,
        }
        : ConflictKind.None;

    public override object GuidValue(Guid value) => value;

    public override DbType GuidDbType => DbType.Guid;

    /// <summary>
    /// Npgsql sends statements unprepared unless told otherwise, so PostgreSQL parses and plans the secret join on
    /// every read; planning cost several times the execution (docs/benchmarks.md, micro section). Auto-prepare
    /// keeps the store's few statements prepared per connection. An operator's own setting wins.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
    }
}
