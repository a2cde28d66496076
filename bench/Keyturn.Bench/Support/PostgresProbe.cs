using Npgsql;

namespace Keyturn.Bench.Support;

/// <summary>Whether the run has a PostgreSQL server to measure: its connection string and version, or why not.</summary>
public sealed record PostgresProbe(string? ConnectionString, string Description)
{
    public static async Task<PostgresProbe> ProbeAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new PostgresProbe(null, "no connection string (set KEYTURN_BENCH_POSTGRES or run bench/run as root so it can start one)");
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SHOW server_version", connection);
            var version = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            return new PostgresProbe(connectionString, $"PostgreSQL {version}");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            return new PostgresProbe(null, $"cannot connect ({e.Message})");
        }
    }
}
