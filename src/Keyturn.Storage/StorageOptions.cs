namespace Keyturn.Storage;

/// <summary>Which backend to use and how to reach it.</summary>
/// <param name="Provider">"sqlite" or "postgres".</param>
/// <param name="ConnectionString">A Microsoft.Data.Sqlite or Npgsql connection string; for PostgreSQL a
/// <c>Search Path</c> selects the schema the tables live in.</param>
public sealed record StorageOptions(string Provider, string ConnectionString);
