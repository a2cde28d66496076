using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Keyturn.Storage.Tests;

/// <summary>The contract on SQLite: a real database file in a temporary directory, deleted after each test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "keyturn-storage-tests", Guid.NewGuid().ToString("N"));

    // A directory that does not exist yet: InitializeAsync must create it along with the file.
    private string DatabasePath => Path.Combine(_directory, "data", "keyturn.db");

    protected override Task<StorageOptions> CreateDatabaseAsync() =>
        Task.FromResult(KeyturnStoreFactory.ForSqliteFile(DatabasePath));

    protected override Task DropDatabaseAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override DbConnection CreateRawConnection() => new SqliteConnection(Options.ConnectionString);

    [Fact]
    public void InitializeAsync_MissingFile_CreatesFileAndDirectory() => Assert.True(File.Exists(DatabasePath));

    [Fact]
    public async Task InitializeAsync_Always_UsesWriteAheadLog()
    {
        await using var connection = new SqliteConnection(Options.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Create_ConnectionStringWithoutForeignKeys_StillEnforcesThem()
    {
        await using var store = KeyturnStoreFactory.Create(new StorageOptions("sqlite", $"Data Source={DatabasePath}"));
        await store.InitializeAsync(Ct);

        await Assert.ThrowsAsync<Keyturn.Core.Storage.StoreConflictException>(() =>
            store.WriteSecretVersionAsync(NewWrite(Guid.NewGuid(), "ORPHAN"), Ct));
    }

    [Fact]
    public void Create_Always_OpensNoConnection()
    {
        var options = KeyturnStoreFactory.ForSqliteFile(Path.Combine(_directory, "never", "opened.db"));
        _ = KeyturnStoreFactory.Create(options);
        Assert.False(Directory.Exists(Path.Combine(_directory, "never")));
    }
}
