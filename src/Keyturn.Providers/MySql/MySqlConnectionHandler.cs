using Keyturn.Providers.Database;

namespace Keyturn.Providers.MySql;

/// <summary>The "mysql" app connection (MySQL or MariaDB): an account with the CREATE USER privilege and SELECT on mysql.user.</summary>
public sealed class MySqlConnectionHandler(MySqlServer server) : DatabaseConnectionHandler(server)
{
    public const string AppName = "mysql";

    public override string App => AppName;

    protected override int DefaultPort => 3306;

    protected override bool DatabaseRequired => false;
}
