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

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
