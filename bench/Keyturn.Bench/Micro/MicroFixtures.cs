namespace Keyturn.Bench.Micro;

/// <summary>
/// What the read benchmarks read from. BenchmarkDotNet creates the benchmark classes itself (and calls their
/// GlobalSetup once per benchmark method), so the section seeds the databases once, puts them here before it
/// starts BenchmarkDotNet, and clears them after. The in-process toolchain runs in this process, so it sees them.
/// </summary>
public static class MicroFixtures
{
    public static SqliteFixture? Sqlite { get; set; }

    public static PostgresFixture? Postgres { get; set; }

    public static SqliteFixture RequireSqlite() =>
        Sqlite ?? throw new InvalidOperationException("No SQLite fixture: the micro section sets it before running the benchmarks.");

    public static PostgresFixture RequirePostgres() =>
        Postgres ?? throw new InvalidOperationException("No PostgreSQL fixture: the micro section sets it before running the benchmarks.");
}
