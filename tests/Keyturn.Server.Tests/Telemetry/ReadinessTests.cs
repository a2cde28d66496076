using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyturn.Core.Crypto;
using Keyturn.Server.Hosting;
using Keyturn.Server.Tests.Support;
using Keyturn.Storage;
using Keyturn.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keyturn.Server.Tests.Telemetry;

/// <summary>GET /readyz: ready on a running server; 503 naming the check when the schema, the database or the root key is wrong.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_RunningServer_ReadyWithoutAToken()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.Host.Address };

        using var response = await anonymous.GetAsync("/readyz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body["status"]!.GetValue<string>());
        Assert.Empty(body["failed"]!.AsArray());
        Assert.All(new[] { "database", "migrations", "rootKey" }, check => Assert.True(body[check]!["passed"]!.GetValue<bool>(), check));
    }

    [Fact]
    public async Task Readyz_SchemaBehindThisBuild_503NamingMigrations()
    {
        await using var server = await TestServer.StartAsync();
        // As if the database were an older one this build has not migrated: its newest version record is gone.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, DataDirectory.DatabaseFile)};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        using var anonymous = new HttpClient { BaseAddress = server.Host.Address };
        using var response = await anonymous.GetAsync("/readyz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not ready", body["status"]!.GetValue<string>());
        Assert.Equal(["migrations"], body["failed"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("expected", body["migrations"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(body["database"]!["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Check_DatabaseNotListening_NamesDatabaseMigrationsAndRootKey()
    {
        var port = LoopbackPorts.Unused();
        await using var store = KeyturnStoreFactory.Create(new StorageOptions(KeyturnStoreFactory.Postgres,
            $"Host=127.0.0.1;Port={port};Database=keyturn;Username=keyturn;Password=unused;Timeout=2"));
        var probe = new ReadinessProbe(store, new EnvelopeCipher(new RootKey(RandomNumberGenerator.GetBytes(RootKey.Size)), store, TimeProvider.System),
            TimeProvider.System, NullLogger<ReadinessProbe>.Instance);

        var report = await probe.CheckAsync(CancellationToken.None);

        Assert.Equal("not ready", report.Status);
        Assert.Equal(["database", "migrations", "rootKey"], report.Failed);
        Assert.DoesNotContain("Password", report.Database.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Check_AnotherRootKey_NamesRootKeyOnly()
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-readyz-").FullName;
        try
        {
            await using var store = KeyturnStoreFactory.Create(KeyturnStoreFactory.ForSqliteFile(Path.Combine(directory, "keyturn.db")));
            await store.InitializeAsync(CancellationToken.None);
            // The installation's data keys are wrapped by one root key...
            await new EnvelopeCipher(new RootKey(RandomNumberGenerator.GetBytes(RootKey.Size)), store, TimeProvider.System).EnsureRootKeyMatchesAsync(CancellationToken.None);
            // ...and the probe's cipher holds another.
            var probe = new ReadinessProbe(store, new EnvelopeCipher(new RootKey(RandomNumberGenerator.GetBytes(RootKey.Size)), store, TimeProvider.System),
                TimeProvider.System, NullLogger<ReadinessProbe>.Instance);

            var report = await probe.CheckAsync(CancellationToken.None);

            Assert.Equal(["rootKey"], report.Failed);
            Assert.Contains("root key", report.RootKey.Detail, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
