using MySqlConnector;

namespace Keyturn.Tests.Shared.Databases;

/// <summary>
/// A scratch database on the MariaDB test server; its admin account has CREATE USER and SELECT on mysql.user only, as
/// docs/providers/mysql-credentials.md asks. The application accounts are 'name'@'%'.
/// </summary>
internal sealed class ScratchMySql : IScratchDatabase
{
    private readonly string _name = ScratchDatabases.UniqueName();
    private readonly string _adminPassword = ScratchDatabases.NewPassword();
    private readonly MySqlConnectionStringBuilder _server = new(TestDatabases.Require(TestDatabases.MySqlVariable));

    private ScratchMySql()
    {
        LoginNames = [$"{_name}_a", $"{_name}_b"];
        Accounts = [LoginNames[0], $"{LoginNames[1]}@%"];
        InitialPasswords = [ScratchDatabases.NewPassword(), ScratchDatabases.NewPassword()];
    }

    public string App => "mysql";

    public string RotationType => "mysql-credentials";

    /// <summary>One name without a host and one with it, so both forms are exercised.</summary>
    public IReadOnlyList<string> Accounts { get; }

    public IReadOnlyList<string> LoginNames { get; }

    public IReadOnlyList<string> InitialPasswords { get; }

    private string Admin => $"{_name}_admin";

    public static async Task<ScratchMySql> CreateAsync()
    {
        var scratch = new ScratchMySql();
        // The names are made here from hex digits, so writing them into the statements is safe.
        await scratch.AsServerAdminAsync(
            $"CREATE USER '{scratch.Admin}'@'%' IDENTIFIED BY '{scratch._adminPassword}'",
            $"GRANT CREATE USER ON *.* TO '{scratch.Admin}'@'%'",
            $"GRANT SELECT ON mysql.user TO '{scratch.Admin}'@'%'",
            $"CREATE USER '{scratch.LoginNames[0]}'@'%' IDENTIFIED BY '{scratch.InitialPasswords[0]}'",
            $"CREATE USER '{scratch.LoginNames[1]}'@'%' IDENTIFIED BY '{scratch.InitialPasswords[1]}'",
            $"CREATE DATABASE {scratch._name}",
            $"GRANT ALL ON {scratch._name}.* TO '{scratch.LoginNames[0]}'@'%', '{scratch.LoginNames[1]}'@'%'");
        return scratch;
    }

    public object ConnectionBody(string name) => new
    {
        name,
        method = "username-password",
        credentials = new { host = _server.Server, port = (int)_server.Port, database = _name, username = Admin, password = _adminPassword, sslMode = "disable" },
    };

    public async Task<bool> CanLoginAsync(string user, string password)
    {
        try
        {
            await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(_server.ConnectionString)
            {
                // No database: the admin account has no rights on it, and the password is what is being checked.
                UserID = user, Password = password, Pooling = false,
            }.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (MySqlException)
        {
            return false;
        }
    }

    public Task SetLoginRefusedAsync(bool refused) =>
        AsServerAdminAsync([.. LoginNames.Select(a => $"ALTER USER '{a}'@'%' ACCOUNT {(refused ? "LOCK" : "UNLOCK")}")]);

    public Task SetAdminPasswordAsync(string password) => AsServerAdminAsync($"ALTER USER '{Admin}'@'%' IDENTIFIED BY '{password}'");

    public async Task<IReadOnlyList<string>> ExistingAccountsAsync()
    {
        await using var connection = new MySqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT User FROM mysql.user WHERE User IN (@a, @b) ORDER BY User", connection);
        command.Parameters.AddWithValue("@a", LoginNames[0]);
        command.Parameters.AddWithValue("@b", LoginNames[1]);
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
            $"DROP DATABASE IF EXISTS {_name}",
            $"DROP USER IF EXISTS '{LoginNames[0]}'@'%', '{LoginNames[1]}'@'%', '{Admin}'@'%'");

    private async Task AsServerAdminAsync(params string[] statements)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(_server.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
