using System.Net;
using Keyturn.Server.Hosting;
using Keyturn.Server.Tests.Support;
using Keyturn.Storage;
using Keyturn.Tests.Shared.Databases;
using Keyturn.Tests.Shared.Logging;
using Npgsql;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>
/// PostgreSQL keeps the database outside the data directory, so "a directory that holds a database" is decided by the
/// database: a node started with an empty directory and no KEYTURN_ROOT_KEY against a database that already holds
/// data keys is refused, and writes no root.key.
/// </summary>
public sealed class RootKeyOnSharedDatabaseTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-host-pg-").FullName;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        if (!TestDatabases.Runs(TestDatabases.PostgresVariable))
        {
            return;
        }

        await AdminAsync($"CREATE SCHEMA \"{_schema}\"");
        _connectionString = new NpgsqlConnectionStringBuilder(TestDatabases.Require(TestDatabases.PostgresVariable)) { SearchPath = _schema }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_connectionString.Length > 0)
        {
            await AdminAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }

        Directory.Delete(_directory, recursive: true);
    }

    [PostgresFact]
    public async Task StartAsync_SecondNodeWithoutTheRootKey_RefusedAndWritesNoRootKey()
    {
        var first = Path.Combine(_directory, "node-a");
        await using (var host = await KeyturnServerHost.StartAsync(Options(first), CancellationToken.None))
        {
            using var api = new ApiClient(host.Address, host.RootToken);
            (await api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
        }

        Assert.True(File.Exists(Path.Combine(first, DataDirectory.RootKeyFile)), "the first node of a fresh database keeps its new key");
        var second = Path.Combine(_directory, "node-b");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KeyturnServerHost.StartAsync(Options(second), CancellationToken.None));

        Assert.Contains("no root.key", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(second, DataDirectory.RootKeyFile)), "no new root key beside a database that has data keys");

        File.Copy(Path.Combine(first, DataDirectory.RootKeyFile), Path.Combine(second, DataDirectory.RootKeyFile));
        await using var withKey = await KeyturnServerHost.StartAsync(Options(second), CancellationToken.None);
        using var secondApi = new ApiClient(withKey.Address, withKey.RootToken);
        (await secondApi.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
    }

    private KeyturnServerOptions Options(string directory) => new KeyturnServerOptions
    {
        DataDirectory = directory,
        Urls = ["http://127.0.0.1:0"],
        Storage = new StorageOptions(KeyturnStoreFactory.Postgres, _connectionString),
    }.WithLogLeakCheck();

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.Require(TestDatabases.PostgresVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
