using Npgsql;
using NpgsqlTypes;

namespace Keyturn.Bench.Scale;

/// <summary>
/// Binary COPY per table per batch, with the column types PostgresDialect creates (uuid, text, bytea, boolean,
/// integer, bigint unix ms). Foreign keys and indexes are live during the COPY, as they are for the store.
/// </summary>
public sealed class PostgresBulkWriter : IBulkWriter
{
    private readonly NpgsqlConnection _connection;

    private PostgresBulkWriter(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgresBulkWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new PostgresBulkWriter(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(SeedBatch batch, CancellationToken cancellationToken)
    {
        foreach (var table in SeedTable.InsertOrder)
        {
            var rows = batch.Rows(table);
            if (rows.Count == 0)
            {
                continue;
            }

            var columns = string.Join(", ", table.Columns.Select(c => c.Name));
            await using var importer = await _connection.BeginBinaryImportAsync($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            importer.Timeout = TimeSpan.FromMinutes(5);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    await WriteValueAsync(importer, table.Columns[i].Kind, row[i], cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        NpgsqlConnection.ClearPool(_connection);
    }

    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, ColumnKind kind, object? value, CancellationToken cancellationToken) => value is null
        ? importer.WriteNullAsync(cancellationToken)
        : kind switch
        {
            ColumnKind.Id => importer.WriteAsync((Guid)value, NpgsqlDbType.Uuid, cancellationToken),
            ColumnKind.Time => importer.WriteAsync(((DateTimeOffset)value).ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken),
            ColumnKind.Bool => importer.WriteAsync((bool)value, NpgsqlDbType.Boolean, cancellationToken),
            ColumnKind.Int => importer.WriteAsync((int)value, NpgsqlDbType.Integer, cancellationToken),
            ColumnKind.Text => importer.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken),
            ColumnKind.Bytes => importer.WriteAsync((byte[])value, NpgsqlDbType.Bytea, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
}
