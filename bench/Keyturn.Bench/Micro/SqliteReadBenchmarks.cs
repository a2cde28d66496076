using BenchmarkDotNet.Attributes;
using Keyturn.Core.Domain;
using Microsoft.Data.Sqlite;

namespace Keyturn.Bench.Micro;

/// <summary>
/// One secret read from a SQLite file. The baseline is the least Microsoft.Data.Sqlite can do for it: open a pooled
/// connection, SELECT one row by primary key from a one-table file, read the value. The two rows between it and
/// the store split the gap: what the store's connection string keywords cost on every open, and what the store's
/// query (a join, a text Guid parameter) costs over a primary-key lookup. Everything uses the async API, as the store does.
/// </summary>
public class SqliteReadBenchmarks
{
    private SqliteFixture _fixture = null!;
    private string _bare = "";
    private string _bareWithStoreKeywords = "";
    private string _key = "";
    private string _folderId = "";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = MicroFixtures.RequireSqlite();
        _bare = _fixture.BareConnectionString;
        _bareWithStoreKeywords = _fixture.BareWithStoreKeywordsConnectionString;
        _key = _fixture.Seeded.Target.Key;
        // The store binds Guids as canonical lowercase text (SqliteDialect.GuidValue).
        _folderId = _fixture.Seeded.FolderId.ToString("D");

        var expected = _fixture.Seeded.VerifyTargetAsync(CancellationToken.None).GetAwaiter().GetResult();
        ReadCheck.Same(BareSelect().GetAwaiter().GetResult(), expected, "SQLite read", "bare SELECT");
        ReadCheck.Same(BareSelectWithStoreKeywords().GetAwaiter().GetResult(), expected, "SQLite read", "bare SELECT with the store's keywords");
        ReadCheck.Same(StoreQueryOnBareDriver().GetAwaiter().GetResult(), expected, "SQLite read", "the store's query on the bare driver");
        ReadCheck.Same(StoreRead().GetAwaiter().GetResult()?.Ciphertext, expected, "SQLite read", "IKeyturnStore.GetSecretAsync");
    }

    [Benchmark(Baseline = true, Description = "bare driver: pooled open + SELECT by primary key")]
    public Task<byte[]?> BareSelect() => SelectByKeyAsync(_bare);

    [Benchmark(Description = "same, with the store's connection string keywords")]
    public Task<byte[]?> BareSelectWithStoreKeywords() => SelectByKeyAsync(_bareWithStoreKeywords);

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

    [Benchmark(Description = "IKeyturnStore.GetSecretAsync")]
    public Task<StoredSecret?> StoreRead() => _fixture.Seeded.Store.GetSecretAsync(_fixture.Seeded.FolderId, _key, CancellationToken.None);

    private async Task<byte[]?> SelectByKeyAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = StoreSql.BareGetSecret;
        command.Parameters.AddWithValue("@key", _key);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? reader.GetFieldValue<byte[]>(0) : null;
    }
}
