using BenchmarkDotNet.Attributes;
using Keyturn.Core.Domain;
using Npgsql;

namespace Keyturn.Bench.Micro;

/// <summary>
/// One secret read from PostgreSQL over loopback TCP. The baseline is a bare Npgsql read: take a pooled connection
/// from a data source (as the store does), SELECT one row by primary key, read the value. The middle row runs the
/// store's own SQL on the bare driver, so store-minus-middle is the store's layers and middle-minus-baseline the query.
/// The last row is the same store read with Npgsql's automatic preparation on, which skips the per-call parse and plan.
/// </summary>
public class PostgresReadBenchmarks
{
    private PostgresFixture _fixture = null!;
    private NpgsqlDataSource _dataSource = null!;
    private string _key = "";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = MicroFixtures.RequirePostgres();
        _dataSource = NpgsqlDataSource.Create(_fixture.ConnectionString);
        _key = _fixture.Seeded.Target.Key;

        var expected = _fixture.Seeded.VerifyTargetAsync(CancellationToken.None).GetAwaiter().GetResult();
        ReadCheck.Same(BareSelect().GetAwaiter().GetResult(), expected, "PostgreSQL read", "bare SELECT");
        ReadCheck.Same(StoreQueryOnBareDriver().GetAwaiter().GetResult(), expected, "PostgreSQL read", "the store's query on the bare driver");
        ReadCheck.Same(StoreRead().GetAwaiter().GetResult()?.Ciphertext, expected, "PostgreSQL read", "IKeyturnStore.GetSecretAsync");
        ReadCheck.Same(AutoPreparedStoreRead().GetAwaiter().GetResult()?.Ciphertext, expected, "PostgreSQL read", "the store with Max Auto Prepare");
    }

    [GlobalCleanup]
    public void Cleanup() => _dataSource.Dispose();

    [Benchmark(Baseline = true, Description = "bare Npgsql: pooled open + SELECT by primary key")]
    public async Task<byte[]?> BareSelect()
    {
        await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(StoreSql.BareGetSecret, connection);
        command.Parameters.AddWithValue("key", _key);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? reader.GetFieldValue<byte[]>(0) : null;
    }

    [Benchmark(Description = "the store's SQL on the bare driver (join)")]
    public async Task<byte[]?> StoreQueryOnBareDriver()
    {
        await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(StoreSql.StoreGetSecret, connection);
        command.Parameters.AddWithValue("folder_id", _fixture.Seeded.FolderId);
        command.Parameters.AddWithValue("key", _key);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? reader.GetFieldValue<byte[]>(StoreSql.StoreCiphertextOrdinal) : null;
    }

    [Benchmark(Description = "IKeyturnStore.GetSecretAsync")]
    public Task<StoredSecret?> StoreRead() => _fixture.Seeded.Store.GetSecretAsync(_fixture.Seeded.FolderId, _key, CancellationToken.None);

    [Benchmark(Description = "same, with Max Auto Prepare=20 in the connection string")]
    public Task<StoredSecret?> AutoPreparedStoreRead() =>
        _fixture.AutoPreparedStore.GetSecretAsync(_fixture.Seeded.FolderId, _key, CancellationToken.None);
}
