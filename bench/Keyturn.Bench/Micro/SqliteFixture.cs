using Keyturn.Storage;
using Microsoft.Data.Sqlite;

namespace Keyturn.Bench.Micro;

/// <summary>
/// Two SQLite files in a scratch directory: a Keyturn store seeded through the store contract, and a one-table
/// database with as many rows of the same size that the bare driver reads as the baseline.
/// </summary>
public sealed class SqliteFixture : IAsyncDisposable
{
    private SqliteFixture(SeededStore seeded, string storeConnectionString, string bareFile)
    {
        Seeded = seeded;
        StoreConnectionString = storeConnectionString;
        BareFile = bareFile;
    }

    public SeededStore Seeded { get; }

    /// <summary>The connection string the store itself uses (KeyturnStoreFactory.ForSqliteFile).</summary>
    public string StoreConnectionString { get; }

    public string BareFile { get; }

    /// <summary>The least the driver needs for a pooled read: the file, read-write, pooling on.</summary>
    public string BareConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = BareFile,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = true,
    }.ConnectionString;

    public static async Task<SqliteFixture> CreateAsync(string directory, int count, CancellationToken cancellationToken)
    {
        var options = KeyturnStoreFactory.ForSqliteFile(Path.Combine(directory, "keyturn.db"));
        var seeded = await SeededStore.CreateAsync(options, count, cancellationToken);
        try
        {
            var fixture = new SqliteFixture(seeded, options.ConnectionString, Path.Combine(directory, "bare.db"));
            await fixture.CreateBareFileAsync(await seeded.VerifyTargetAsync(cancellationToken), cancellationToken);
            return fixture;
        }
        catch
        {
            await seeded.DisposeAsync();
            throw;
        }
    }

    private async Task CreateBareFileAsync(byte[] targetCiphertext, CancellationToken cancellationToken)
    {
        var create = new SqliteConnectionStringBuilder { DataSource = BareFile, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        await using var connection = new SqliteConnection(create.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL like the store's file: readers of a WAL database also check the WAL index, so both pay for it.
        await ExecuteAsync(connection, $"PRAGMA journal_mode = WAL; CREATE TABLE {StoreSql.BareTable} (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;", cancellationToken);
        await using var transaction = connection.BeginTransaction();
        foreach (var (key, value) in BareTableRows.For(Seeded, targetCiphertext))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {StoreSql.BareTable} (key, value) VALUES (@key, @value)";
            insert.Parameters.AddWithValue("@key", key);
            insert.Parameters.AddWithValue("@value", value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Seeded.DisposeAsync();
        // Release the pooled handles on the baseline file too, so the work directory can be deleted.
        SqliteConnection.ClearAllPools();
    }
}
