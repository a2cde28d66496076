using System.Data.Common;
using Keyturn.Storage;
using Microsoft.Data.Sqlite;
using ServerFiles = Keyturn.Server.Hosting.DataDirectory;

namespace Keyturn.Bench.Scale;

/// <summary>The server's embedded SQLite file in a fresh data directory, created as the server creates it.</summary>
public sealed class SqliteScaleBackend : ScaleBackend
{
    private readonly string _root;
    private readonly string _databaseFile;

    private SqliteScaleBackend(string root, string dataDirectory, string databaseFile)
    {
        _root = root;
        DataDirectory = dataDirectory;
        _databaseFile = databaseFile;
        Storage = KeyturnStoreFactory.ForSqliteFile(databaseFile);
    }

    public override string Name => "SQLite";

    public override string DataDirectory { get; }

    public override string? ServerPostgres => null;

    public override StorageOptions Storage { get; }

    public static SqliteScaleBackend Create(BenchContext context)
    {
        // The server writes its log next to the data directory, so the data directory gets a parent of its own.
        var root = context.NewDirectory("scale-sqlite");
        var dataDirectory = Path.Combine(root, "data");
        ServerFiles.Ensure(dataDirectory);
        var databaseFile = Path.Combine(dataDirectory, ServerFiles.DatabaseFile);
        ServerFiles.EnsurePrivateDatabaseFile(databaseFile);
        return new SqliteScaleBackend(root, dataDirectory, databaseFile);
    }

    public override async Task<IBulkWriter> OpenBulkWriterAsync(CancellationToken cancellationToken) =>
        await SqliteBulkWriter.OpenAsync(Storage.ConnectionString, cancellationToken);

    // Folds the WAL back into the database file, as a quiet installation's checkpoints would have. No ANALYZE:
    // the server never runs it, so a real installation has no sqlite_stat1 and plans without statistics.
    public override async Task SettleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var wal = new FileInfo(_databaseFile + "-wal");
        return Task.FromResult(new FileInfo(_databaseFile).Length + (wal.Exists ? wal.Length : 0));
    }

    public override Task<IReadOnlyList<string>> ExplainDueScanAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ExplainAsync("EXPLAIN QUERY PLAN ", 3, now, limit, cancellationToken);

    public override ValueTask DisposeAsync()
    {
        // Pooled handles keep the file open; release them so the (large) directory can go now, not at the end of the run.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(Storage.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
