using Microsoft.Data.Sqlite;

namespace Keyturn.Bench.Scale;

/// <summary>
/// Prepared INSERTs, one transaction per batch, values encoded as SqliteDialect and Statement do (Guids as
/// lowercase "D" text, times as unix ms, booleans as 0/1). The tables are STRICT, so a value of the wrong type
/// fails the insert instead of slipping in.
/// </summary>
public sealed class SqliteBulkWriter : IBulkWriter
{
    // Only this seeding connection skips fsync and gets a large page cache; both are per-connection settings, so
    // the server and the store keep their own. Foreign keys stay on so a seeder bug fails loudly.
    private const string SeedingPragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;";

    private readonly SqliteConnection _connection;
    private readonly Dictionary<SeedTable, SqliteCommand> _inserts = new();

    private SqliteBulkWriter(SqliteConnection connection) => _connection = connection;

    public static async Task<SqliteBulkWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Unpooled: the pragmas below must never reach a handle the store later takes from the pool.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = SeedingPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return new SqliteBulkWriter(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(SeedBatch batch, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in SeedTable.InsertOrder)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var insert = Insert(table);
            insert.Transaction = transaction;
            foreach (var row in batch.Rows(table))
            {
                for (var i = 0; i < row.Length; i++)
                {
                    insert.Parameters[i].Value = Encode(table.Columns[i].Kind, row[i]);
                }

                // Microsoft.Data.Sqlite's async calls run synchronously anyway; the sync call skips their overhead per row.
                insert.ExecuteNonQuery();
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts.Values)
        {
            await insert.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private SqliteCommand Insert(SeedTable table)
    {
        if (_inserts.TryGetValue(table, out var existing))
        {
            return existing;
        }

        var command = _connection.CreateCommand();
        var names = table.Columns.Select(c => c.Name).ToList();
        command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))})";
        for (var i = 0; i < names.Count; i++)
        {
            command.Parameters.Add(new SqliteParameter($"@p{i}", DBNull.Value));
        }

        command.Prepare();
        _inserts[table] = command;
        return command;
    }

    private static object Encode(ColumnKind kind, object? value) => value is null
        ? DBNull.Value
        : kind switch
        {
            ColumnKind.Id => ((Guid)value).ToString("D"),
            ColumnKind.Time => ((DateTimeOffset)value).ToUnixTimeMilliseconds(),
            ColumnKind.Bool => (bool)value ? 1L : 0L,
            ColumnKind.Int => (long)(int)value,
            ColumnKind.Text => (string)value,
            ColumnKind.Bytes => (byte[])value,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
}
