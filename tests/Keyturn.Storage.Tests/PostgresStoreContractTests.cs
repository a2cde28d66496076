using Keyturn.Core.Domain;
using System.Data.Common;
using Keyturn.Storage.Tests.Infrastructure;
using Npgsql;

namespace Keyturn.Storage.Tests;

/// <summary>
/// The contract on PostgreSQL (server from KEYTURN_TEST_POSTGRES): each test gets its own schema, reached through
/// <c>Search Path</c>, dropped afterwards.
/// </summary>
[RequiresPostgres]
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    private static string AdminConnectionString => PostgresEnvironment.ConnectionString
        ?? throw new InvalidOperationException(PostgresEnvironment.MissingInCiMessage);

    protected override async Task<StorageOptions> CreateDatabaseAsync()
    {
        await ExecuteAdminAsync($"CREATE SCHEMA \"{_schema}\"");
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { SearchPath = _schema };
        return new StorageOptions(KeyturnStoreFactory.Postgres, builder.ConnectionString);
    }

    protected override async Task DropDatabaseAsync()
    {
        await ExecuteAdminAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
    }

    protected override DbConnection CreateRawConnection() => new NpgsqlConnection(Options.ConnectionString);

    /// <summary>
    /// Nodes share a PostgreSQL database, and each caches hot reads: a write on one node must reach another
    /// node's cache (LISTEN/NOTIFY), within moments rather than never.
    /// </summary>
    [ContractFact]
    public async Task GetSecretAsync_OtherNodeCachedTheOldVersion_SeesTheNewVersionSoon()
    {
        var seed = await SeedAsync();
        var first = NewWrite(seed.Folder.Id, "SHARED");
        await Store.WriteSecretVersionAsync(first, Ct);
        await using var otherNode = await OpenSecondStoreAsync();
        await WaitUntilAsync(async () => (await otherNode.GetSecretAsync(seed.Folder.Id, "SHARED", Ct))?.Version == 1);

        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "SHARED", version: 2, id: first.SecretId), Ct);

        await WaitUntilAsync(async () => (await otherNode.GetSecretAsync(seed.Folder.Id, "SHARED", Ct))?.Version == 2);
    }

    /// <summary>A connection that rotated its own secret on one node: every other node must open the new credentials.</summary>
    [ContractFact]
    public async Task GetConnectionAsync_OtherNodeCachedTheOldCredentials_SeesTheActivatedOnesSoon()
    {
        var connection = await CreateConnectionAsync();
        await using var otherNode = await OpenSecondStoreAsync();
        await WaitUntilAsync(async () => (await otherNode.GetConnectionAsync(connection.Id, Ct))?.SealedCredentials.SequenceEqual(connection.SealedCredentials) == true);
        Assert.NotNull(await Store.TryClaimConnectionAsync(connection.Id, "node-a", At(60), At(0), Ct));
        var job = new ConnectionJob(Guid.NewGuid(), connection.Id, "manual", "running", At(1), null, null);
        await Store.StartConnectionJobAsync(job, [new JournalEntry(job.Id, 1, "issue", "intent", "{}", null, At(1))], Ct);

        await Store.CompleteConnectionCredentialActivationAsync(new ConnectionCredentialActivation(connection.Id, job.Id, Cipher("rotated"),
            connection.CredentialRotation with { ActiveCredentialId = "new" }, At(2), "done", [new JournalEntry(job.Id, 2, "activate", "result", "{}", null, At(2))],
            new AuditEntry(Guid.NewGuid(), At(2), "engine", "app-connection.credentials-rotated", "app-connection", null, null, "{}"), "node-a"), Ct);

        await WaitUntilAsync(async () => (await otherNode.GetConnectionAsync(connection.Id, Ct))?.SealedCredentials.SequenceEqual(Cipher("rotated")) == true);
    }

    /// <summary>Polls for up to 10 s; the notification normally arrives within milliseconds.</summary>
    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("The other node never saw the write.");
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
