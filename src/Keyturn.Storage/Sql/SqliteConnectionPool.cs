using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace Keyturn.Storage.Sql;

/// <summary>
/// SQLite connections kept open between calls, each with its prepared statements (<see cref="StatementCache"/>).
/// Microsoft.Data.Sqlite pools native handles but finalizes every command when a connection closes, so its pool
/// alone cannot keep a statement prepared; this one never closes a connection it can reuse.
/// </summary>
internal sealed class SqliteConnectionPool(string connectionString) : IAsyncDisposable
{
    // Set here rather than trusted to the connection string, which an operator may have written without them.
    // temp_store = MEMORY keeps savepoint and statement journals in memory: past 64 KiB SQLite spilled them to a temp
    // file, created, written and unlinked per group commit (about 40 of the 90 pwrite calls of a rotation's store
    // calls). A memory map for reads was tried and left out: the pread calls it saved cost as much in remapping
    // and page faults as the database grew.
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;";

    // Enough for every concurrent caller the server has (request threads plus the writer); more are closed on return.
    private const int MaxIdle = 32;

    private readonly ConcurrentBag<PooledSqliteConnection> _idle = [];
    private volatile bool _disposed;

    public async Task<PooledSqliteConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var idle))
        {
            return idle;
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new PooledSqliteConnection(this, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal ValueTask ReturnAsync(PooledSqliteConnection pooled)
    {
        // A connection still inside a transaction (a caller's bug, or a rollback SQLite refused) is not handed on.
        if (_disposed || _idle.Count >= MaxIdle || !pooled.IsReusable)
        {
            return pooled.CloseAsync();
        }

        _idle.Add(pooled);
        // Disposal may have drained the bag just before this connection went in.
        return _disposed && _idle.TryTake(out var late) ? late.CloseAsync() : ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var pooled))
        {
            await pooled.CloseAsync();
        }
    }
}

/// <summary>One pooled SQLite connection, lent as a <see cref="DbLease"/>.</summary>
internal sealed class PooledSqliteConnection : DbLease
{
    private readonly SqliteConnectionPool _pool;
    private readonly SqliteConnection _connection;
    private readonly StatementCache _statements;

    public PooledSqliteConnection(SqliteConnectionPool pool, SqliteConnection connection)
    {
        _pool = pool;
        _connection = connection;
        _statements = new StatementCache(connection);
    }

    public override DbConnection Connection => _connection;

    public override StatementCache Statements => _statements;

    /// <summary>The connection's <c>PRAGMA synchronous</c> as last set through <see cref="SetSynchronousAsync"/>; null until then.</summary>
    private string? Synchronous { get; set; }

    internal bool IsReusable => _connection.State == ConnectionState.Open && sqlite3_get_autocommit(_connection.Handle) != 0;

    /// <summary>Sets how the next commits wait for the disk ("FULL" or "NORMAL"); outside a transaction, as SQLite requires.</summary>
    public async Task SetSynchronousAsync(string mode, CancellationToken cancellationToken)
    {
        if (Synchronous == mode)
        {
            return;
        }

        var (command, cached) = _statements.Get($"PRAGMA synchronous = {mode}", null);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (!cached)
        {
            await command.DisposeAsync();
        }

        Synchronous = mode;
    }

    public override ValueTask DisposeAsync() => _pool.ReturnAsync(this);

    internal async ValueTask CloseAsync()
    {
        _statements.Clear();
        await _connection.DisposeAsync();
    }
}
