using Keyturn.Providers.Database;

namespace Keyturn.Providers.Postgres;

/// <summary>The "postgres" app connection: a PostgreSQL role with CREATEROLE (and, from PostgreSQL 16, ADMIN OPTION on the rotated roles).</summary>
public sealed class PostgresConnectionHandler(PostgresServer server) : DatabaseConnectionHandler(server)
{
    public const string AppName = "postgres";

    public override string App => AppName;

    protected override int DefaultPort => 5432;

    protected override bool DatabaseRequired => true;
}
