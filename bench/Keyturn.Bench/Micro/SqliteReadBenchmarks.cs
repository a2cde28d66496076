using BenchmarkDotNet.Attributes;
using Keyturn.Core.Domain;
using Microsoft.Data.Sqlite;

namespace Keyturn.Bench.Micro;

/// <summary>
/// One secret read from a SQLite file. The baseline is the least Microsoft.Data.Sqlite can do for it: open a pooled
/// connection, SELECT one row by primary key from a one-table file, read the value. The next row runs the store's
/// own query (a join, a text Guid parameter) on the bare driver with the store's connection string, so the gap to
/// the baseline is the query; the store's read with its cache off (every call runs that SQL) adds the store's
/// layers; the store with its cache on, as a server runs, answers from memory after the first read.
/// Everything uses the async API, as the store does.
/// </summary>
public class SqliteReadBenchmarks
{
    private const string Benchmark = "SQLite read";

    private SqliteFixture _fixture = null!;
    private string _bare = "";
    private string _key = "";
    private string _folderId = "";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = MicroFixtures.RequireSqlite();
        _bare = _fixture.BareConnectionString;
        _key = _fixture.Seeded.Target.Key;
        // The store binds Guids as canonical lowercase text (SqliteDialect.GuidValue).
        _folderId = _fixture.Seeded.FolderId.ToString("D");

        var expected = _fixture.Seeded.VerifyTargetAsync(CancellationToken.None).GetAwaiter().GetResult();
        ReadCheck.Same(BareSelect().GetAwaiter().GetResult(), expected, Benchmark, "bare SELECT");
        ReadCheck.Same(StoreQueryOnBareDriver().GetAwaiter().GetResult(), expected, Benchmark, "the store's query on the bare driver");
        ReadCheck.UncachedAsync(UncachedStoreRead, expected, Benchmark).GetAwaiter().GetResult();
        ReadCheck.CachedAsync(CachedStoreRead, expected, Benchmark).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "bare driver: pooled open + SELECT by primary key")]
    public async Task<byte[]?> BareSelect()
    {
        await using var connection = new SqliteConnection(_bare);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = StoreSql.BareGetSecret;
        command.Parameters.AddWithValue("@key", _key);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? reader.GetFieldValue<byte[]>(0) : null;
    }

    [Benchmark(Description = "the store's SQL on the bare driver (join, text Guid)")]
    public async Task<byte[]?> StoreQueryOnBareDriver()
    {
        await using var connection = new SqliteConnection(_fixture.StoreConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = StoreSql.StoreGetSecret;
        command.Parameters.AddWithValue("@folder_id", _folderId);
        command.Parameters.AddWithValue("@key", _key);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? reader.GetFieldValue<byte[]>(StoreSql.StoreCiphertextOrdinal) : null;
    }

    [Benchmark(Description = "IKeyturnStore.GetSecretAsync, CacheReads = false (storage read)")]
    public Task<StoredSecret?> UncachedStoreRead() =>
        _fixture.Seeded.UncachedStore.GetSecretAsync(_fixture.Seeded.FolderId, _key, CancellationToken.None);

    [Benchmark(Description = "IKeyturnStore.GetSecretAsync, cache on (after the first read)")]
    public Task<StoredSecret?> CachedStoreRead() =>
        _fixture.Seeded.Store.GetSecretAsync(_fixture.Seeded.FolderId, _key, CancellationToken.None);
}
