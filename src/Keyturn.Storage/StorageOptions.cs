namespace Keyturn.Storage;

/// <summary>Which backend to use and how to reach it.</summary>
/// <param name="Provider">"sqlite" or "postgres".</param>
/// <param name="ConnectionString">A Microsoft.Data.Sqlite or Npgsql connection string; for PostgreSQL a
/// <c>Search Path</c> selects the schema the tables live in.</param>
public sealed record StorageOptions(string Provider, string ConnectionString)
{
    /// <summary>
    /// Serve the hot reads (token, project, environments, folder, current secret) from memory, kept coherent by
    /// invalidation on every commit (see ReadCache). Off only to measure or diagnose the uncached path.
    /// </summary>
    public bool CacheReads { get; init; } = true;
}
