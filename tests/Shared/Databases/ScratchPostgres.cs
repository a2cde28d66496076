using Npgsql;

namespace Keyturn.Tests.Shared.Databases;

/// <summary>A scratch database on the PostgreSQL test server; its admin role has CREATEROLE only, as docs/providers/postgres-credentials.md asks.</summary>
internal sealed class ScratchPostgres : IScratchDatabase
{
    private readonly string _name = ScratchDatabases.UniqueName();
    private readonly string _adminPassword = ScratchDatabases.NewPassword();
    private readonly NpgsqlConnectionStringBuilder _server = new(TestDatabases.Require(TestDatabases.PostgresVariable));

    private ScratchPostgres()
    {
        Accounts = [$"{_name}_a", $"{_name}_b"];
        InitialPasswords = [ScratchDatabases.NewPassword(), ScratchDatabases.NewPassword()];
    }

    public string App => "postgres";

    public string RotationType => "postgres-credentials";

    public IReadOnlyList<string> Accounts { get; }

    public IReadOnlyList<string> LoginNames => Accounts;

    public IReadOnlyList<string> InitialPasswords { get; }

    private string Admin => $"{_name}_admin";

    public static async Task<ScratchPostgres> CreateAsync()
    {
        var scratch = new ScratchPostgres();
        // The names are made here from hex digits, so writing them into the statements is safe.
        await scratch.AsServerAdminAsync(
            $"CREATE ROLE {scratch.Admin} LOGIN CREATEROLE PASSWORD '{scratch._adminPassword}'",
            $"CREATE ROLE {scratch.Accounts[0]} LOGIN PASSWORD '{scratch.InitialPasswords[0]}'",
            $"CREATE ROLE {scratch.Accounts[1]} LOGIN PASSWORD '{scratch.InitialPasswords[1]}'",
            $"CREATE DATABASE {scratch._name}");
        return scratch;
    }

    public object ConnectionBody(string name) => new
    {
        name,
        method = "username-password",
        credentials = new { host = _server.Host, port = _server.Port, database = _name, username = Admin, password = _adminPassword, sslMode = "disable" },
    };

    public async Task<bool> CanLoginAsync(string user, string password)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Login(user, password, _name));
            await connection.OpenAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    public Task SetLoginRefusedAsync(bool refused) =>
        AsServerAdminAsync([.. Accounts.Select(a => $"ALTER ROLE {a} {(refused ? "NOLOGIN" : "LOGIN")}")]);

    public Task SetAdminPasswordAsync(string password) => AsServerAdminAsync($"ALTER ROLE {Admin} PASSWORD '{password}'");

    public async Task<IReadOnlyList<string>> ExistingAccountsAsync()
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT rolname FROM pg_roles WHERE rolname = ANY(@names) ORDER BY rolname", connection);
        command.Parameters.AddWithValue("names", Accounts.ToArray());
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public async ValueTask DisposeAsync() =>
        await AsServerAdminAsync(
            $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)",
            $"DROP ROLE IF EXISTS {Accounts[0]}", $"DROP ROLE IF EXISTS {Accounts[1]}", $"DROP ROLE IF EXISTS {Admin}");

    private string Login(string user, string password, string? database) => new NpgsqlConnectionStringBuilder(_server.ConnectionString)
    {
        Username = user, Password = password, Database = database, Pooling = false,
    }.ConnectionString;

    private async Task AsServerAdminAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
