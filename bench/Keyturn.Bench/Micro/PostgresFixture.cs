using Keyturn.Bench.Support;
using Keyturn.Storage;
using Npgsql;

namespace Keyturn.Bench.Micro;

/// <summary>
/// A database created for this run on the given server (<see cref="PostgresScratch"/>), dropped afterwards: a Keyturn store seeded through the
/// store contract, plus the baseline's one table with as many rows of the same size. A database of its own keeps
/// the run from touching whatever else the server holds (the contract tests' database, for one).
/// </summary>
public sealed class PostgresFixture : IAsyncDisposable
{
    /// <summary>
    /// The <c>Max Auto Prepare</c> PostgresDialect puts in the store's connection string when the operator's has none
    /// (src/Keyturn.Storage/Sql/PostgresDialect.cs); the bare driver's prepared row uses the same.
    /// </summary>
    public const int StoreMaxAutoPrepare = 64;

    private readonly PostgresScratch _scratch;
    private SeededStore? _seeded;

    private PostgresFixture(PostgresScratch scratch) => _scratch = scratch;

    /// <summary>The run's database; the store and the baseline both connect with it.</summary>
    public string ConnectionString => _scratch.ConnectionString;

    public SeededStore Seeded => _seeded ?? throw new InvalidOperationException("The PostgreSQL fixture is not seeded.");

    public static async Task<PostgresFixture> CreateAsync(string adminConnectionString, int count, CancellationToken cancellationToken)
    {
        var fixture = new PostgresFixture(await PostgresScratch.CreateAsync(adminConnectionString, cancellationToken));
        try
        {
            fixture._seeded = await SeededStore.CreateAsync(new StorageOptions(KeyturnStoreFactory.Postgres, fixture.ConnectionString), count, cancellationToken);
            await fixture.CreateBareTableAsync(await fixture.Seeded.VerifyTargetAsync(cancellationToken), cancellationToken);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    private async Task CreateBareTableAsync(byte[] targetCiphertext, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand($"CREATE TABLE {StoreSql.BareTable} (key text COLLATE \"C\" PRIMARY KEY, value bytea NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (key, value) in BareTableRows.For(Seeded, targetCiphertext))
        {
            await using var insert = new NpgsqlCommand($"INSERT INTO {StoreSql.BareTable} (key, value) VALUES (@key, @value)", connection, transaction);
            insert.Parameters.AddWithValue("key", key);
            insert.Parameters.AddWithValue("value", value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        // Fresh statistics, as autovacuum would have gathered on a database in use, so both plans are index scans.
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_seeded is not null)
        {
            await _seeded.DisposeAsync();
        }

        await _scratch.DisposeAsync();
    }
}
