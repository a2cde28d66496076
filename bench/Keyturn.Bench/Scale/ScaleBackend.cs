using System.Data;
using System.Data.Common;
using Keyturn.Storage;

namespace Keyturn.Bench.Scale;

/// <summary>
/// One installation under test (SQLite file or PostgreSQL database) with its data directory (root.key, node.id),
/// and the backend-specific work the section needs besides the store: bulk writes, row counts, query plans.
/// Disposing removes what was created.
/// </summary>
public abstract class ScaleBackend : IAsyncDisposable
{
    // A copy of SqlKeyturnStore.ListDueRotationsAsync's statement (src/Keyturn.Storage/SqlKeyturnStore.Rotations.cs),
    // used only to show its plan; the timings themselves go through the store.
    public const string DueScanSql = """
        SELECT id, connection_id, next_rotation_at FROM rotations
        WHERE is_auto_rotation_enabled AND next_rotation_at <= @now
        ORDER BY next_rotation_at, id
        LIMIT @limit
        """;

    /// <summary>"SQLite" or "PostgreSQL", as figures are labelled.</summary>
    public abstract string Name { get; }

    /// <summary>Where the server keeps root.key and node.id (and, for SQLite, keyturn.db).</summary>
    public abstract string DataDirectory { get; }

    /// <summary>The server's --postgres connection string, or null for its embedded SQLite file.</summary>
    public abstract string? ServerPostgres { get; }

    public abstract StorageOptions Storage { get; }

    public abstract Task<IBulkWriter> OpenBulkWriterAsync(CancellationToken cancellationToken);

    /// <summary>Brings the store to the state a long-running installation would be in after a bulk change (see each backend).</summary>
    public abstract Task SettleAsync(CancellationToken cancellationToken);

    /// <summary>Bytes the installation's tables and indexes take.</summary>
    public abstract Task<long> SizeAsync(CancellationToken cancellationToken);

    /// <summary>The backend's plan for the due-scan statement with these parameters, one line per plan node.</summary>
    public abstract Task<IReadOnlyList<string>> ExplainDueScanAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    public async Task<long> CountRowsAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The worst case for the due-scan's ORDER BY: every rotation due at one instant, as happens when rotations keep
    /// the default rotateAtUtc (00:00) and the same interval. Bypasses the store; no server is running by then.
    /// </summary>
    public async Task MakeAllDueAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE rotations SET next_rotation_at = @at";
            command.CommandTimeout = 0;
            Add(command, "at", DbType.Int64, at.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await SettleAsync(cancellationToken);
    }

    public abstract ValueTask DisposeAsync();

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="prefix"/> + the due-scan statement and returns column <paramref name="column"/> of each row.</summary>
    protected async Task<IReadOnlyList<string>> ExplainAsync(string prefix, int column, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = prefix + DueScanSql;
        Add(command, "now", DbType.Int64, now.ToUnixTimeMilliseconds());
        Add(command, "limit", DbType.Int32, limit);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetValue(column).ToString() ?? "");
        }

        return lines;
    }

    private static void Add(DbCommand command, string name, DbType type, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
