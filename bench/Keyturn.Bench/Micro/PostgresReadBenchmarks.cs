using System.Data;
using BenchmarkDotNet.Attributes;
using Keyturn.Core.Domain;
using Npgsql;

namespace Keyturn.Bench.Micro;

/// <summary>
/// One secret read from PostgreSQL over loopback TCP. The baseline is a bare Npgsql read: take a pooled connection
/// from a data source (as the store does), SELECT one row by primary key, read the value; Npgsql's default sends it
/// unprepared, so PostgreSQL parses and plans it every time. The next two rows run the store's own SQL on the bare
/// driver, first unprepared, then from a data source with <c>Max Auto Prepare</c> set as PostgresDialect sets it
/// by default, so the statement is prepared once per physical connection: store-minus-prepared is the store's
/// layers. The store's read with its cache off runs that SQL on every call; with the cache on, as a server runs,
/// it answers from memory after the first read.
/// </summary>
public class PostgresReadBenchmarks
{
    private const string Benchmark = "PostgreSQL read";

    private PostgresFixture _fixture = null!;
    private NpgsqlDataSource _dataSource = null!;
    private NpgsqlDataSource _autoPrepared = null!;
    private string _key = "";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = MicroFixtures.RequirePostgres();
        _dataSource = NpgsqlDataSource.Create(_fixture.ConnectionString);
        _autoPrepared = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(_fixture.ConnectionString) { MaxAutoPrepare = PostgresFixture.StoreMaxAutoPrepare }.ConnectionString);
        _key = _fixture.Seeded.Target.Key;

        var expected = _fixture.Seeded.VerifyTargetAsync(CancellationToken.None).GetAwaiter().GetResult();
        ReadCheck.Same(BareSelect().GetAwaiter().GetResult(), expected, Benchmark, "bare SELECT");
        ReadCheck.Same(StoreQueryOnBareDriver().GetAwaiter().GetResult(), expected, Benchmark, "the store's query on the bare driver");
        ReadCheck.Same(PreparedStoreQueryOnBareDriver().GetAwaiter().GetResult(), expected, Benchmark, "the store's query on the bare driver, auto-prepared");
        ReadCheck.UncachedAsync(UncachedStoreRead, expected, Benchmark).GetAwaiter().GetResult();
        ReadCheck.CachedAsync(CachedStoreRead, expected, Benchmark).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dataSource.Dispose();
        _autoPrepared.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare Npgsql: pooled open + SELECT by primary key")]
    public async Task<byte[]?> BareSelect()
    {
        await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(StoreSql.BareGetSecret, connection);
        command.Parameters.AddWithValue("key", _key);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? reader.GetFieldValue<byte[]>(0) : null;
    }

    [Benchmark(Description = "the store's SQL on the bare driver (join), unprepared")]
    public Task<byte[]?> StoreQueryOnBareDriver() => StoreQueryAsync(_dataSource);

    [Benchmark(Description = "same, Max Auto Prepare as the store sets it (prepared)")]
    public Task<byte[]?> PreparedStoreQueryOnBareDriver() => StoreQueryAsync(_autoPrepared);

    [Benchmark(Description = "IKeyturnStore.GetSecretAsync, CacheReads = false (storage read)")]
    public Task<StoredSecret?> UncachedStoreRead() =>
        _fixture.Seeded.UncachedStore.GetSecretAsync(_fixture.Seeded.FolderId, _key, CancellationToken.None);

    [Benchmark(Description = "IKeyturnStore.GetSecretAsync, cache on (after the first read)")]
    public Task<StoredSecret?> CachedStoreRead() =>
        _fixture.Seeded.Store.GetSecretAsync(_fixture.Seeded.FolderId, _key, CancellationToken.None);

    private async Task<byte[]?> StoreQueryAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(StoreSql.StoreGetSecret, connection);
        // Typed as the store types them (Statement.Add: PostgresDialect.GuidDbType, DbType.String).
        command.Parameters.Add(new NpgsqlParameter("folder_id", DbType.Guid) { Value = _fixture.Seeded.FolderId });
        command.Parameters.Add(new NpgsqlParameter("key", DbType.String) { Value = _key });
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? reader.GetFieldValue<byte[]>(StoreSql.StoreCiphertextOrdinal) : null;
    }
}
