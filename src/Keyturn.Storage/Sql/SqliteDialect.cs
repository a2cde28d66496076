using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace Keyturn.Storage.Sql;

internal sealed class SqliteDialect(string connectionString, bool cacheReads) : SqlDialect
{
    // Connections stay open with their prepared statements; the pool also applies the per-connection pragmas.
    private readonly SqliteConnectionPool _pool = new(connectionString);

    // One server process owns a SQLite file (it holds the data directory's lock), so every write passes
    // through this store and invalidates the cache itself.
    public override Caching.ReadCache Cache { get; } = new(enabled: true, allowed: cacheReads);

    private GroupCommitWriter? _groupCommit;
    private bool _groupCommitStarted;
    private object? _groupCommitLock;

    /// <summary>One writer loop per store, started on first use (see <see cref="GroupCommitWriter"/>).</summary>
    public override GroupCommitWriter GroupCommit =>
        LazyInitializer.EnsureInitialized(ref _groupCommit, ref _groupCommitStarted, ref _groupCommitLock, () => new GroupCommitWriter(this))!;

    public override async Task<DbLease> OpenAsync(CancellationToken cancellationToken) => await _pool.RentAsync(cancellationToken);

    public override async Task<DbTransaction> BeginWriteAsync(DbLease lease, WriteDurability durability, CancellationToken cancellationToken)
    {
        // In WAL mode FULL syncs the log on every commit and NORMAL only at checkpoints; SQLite allows the switch only
        // outside a transaction, and applies it to the commits that follow.
        await ((PooledSqliteConnection)lease).SetSynchronousAsync(durability == WriteDurability.Durable ? "FULL" : "NORMAL", cancellationToken);
        // BEGIN IMMEDIATE: take the write lock now. A deferred transaction that reads and then writes can fail
        // with SQLITE_BUSY_SNAPSHOT in WAL mode, which no busy timeout can resolve.
        return ((SqliteConnection)lease.Connection).BeginTransaction(IsolationLevel.Serializable, deferred: false);
    }

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        // WAL lets readers run alongside the single writer; the mode is stored in the file, so once is enough.
        await using var lease = await OpenAsync(cancellationToken);
        await using var command = lease.Connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // BEGIN IMMEDIATE already excludes every other writer, across processes too.
    public override Task LockSchemaAsync(DbSession db, CancellationToken cancellationToken) => Task.CompletedTask;

    // STRICT tables reject values of the wrong type, so a Guid bound as a blob cannot slip in next to text ones.
    public override string Ddl(string template) => template
        .Replace("{id}", "TEXT", StringComparison.Ordinal)
        .Replace("{text}", "TEXT", StringComparison.Ordinal)
        .Replace("{bytes}", "BLOB", StringComparison.Ordinal)
        .Replace("{bool}", "INTEGER", StringComparison.Ordinal)
        .Replace("{int}", "INTEGER", StringComparison.Ordinal)
        .Replace("{time}", "INTEGER", StringComparison.Ordinal)
        .Replace("{long}", "INTEGER", StringComparison.Ordinal)
        .Replace("{strict}", " STRICT", StringComparison.Ordinal);

    public override ConflictKind Classify(DbException exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return ConflictKind.None;
        }

        return sqlite.SqliteExtendedErrorCode switch
        {
            SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY => ConflictKind.Unique,
            SQLITE_CONSTRAINT_FOREIGNKEY => ConflictKind.ForeignKey,
            SQLITE_BUSY_SNAPSHOT => ConflictKind.Concurrency,
            _ => ConflictKind.None,
        };
    }

    // Lowercase canonical text sorts like PostgreSQL's uuid, so ORDER BY id agrees across backends.
    public override object GuidValue(Guid value) => value.ToString("D");

    public override DbType GuidDbType => DbType.String;

    public override async ValueTask DisposeAsync()
    {
        if (_groupCommit is not null)
        {
            await _groupCommit.DisposeAsync();
        }

        await _pool.DisposeAsync();

        // Release pooled handles so the file can be moved or deleted once the store is gone.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
