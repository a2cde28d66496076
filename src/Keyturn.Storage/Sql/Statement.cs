using System.Data;
using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>
/// A command with typed parameters. Values are converted here, once, into what both backends store the same way:
/// times as unix milliseconds (bigint), Guids as the dialect prefers. Every execute method disposes the command.
/// </summary>
internal sealed class Statement(SqlDialect dialect, DbCommand command)
{
    public Statement Add(string name, string? value) => Set(name, DbType.String, value);

    public Statement Add(string name, int value) => Set(name, DbType.Int32, value);

    public Statement Add(string name, long value) => Set(name, DbType.Int64, value);

    public Statement Add(string name, bool value) => Set(name, DbType.Boolean, value);

    public Statement Add(string name, byte[]? value) => Set(name, DbType.Binary, value);

    public Statement Add(string name, Guid value) => Set(name, dialect.GuidDbType, dialect.GuidValue(value));

    public Statement Add(string name, Guid? value) =>
        Set(name, dialect.GuidDbType, value is { } id ? dialect.GuidValue(id) : null);

    public Statement Add(string name, DateTimeOffset value) => Set(name, DbType.Int64, value.ToUnixTimeMilliseconds());

    public Statement Add(string name, DateTimeOffset? value) => Set(name, DbType.Int64, value?.ToUnixTimeMilliseconds());

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<List<T>> QueryAsync<T>(Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    public async Task<T?> FirstOrDefaultAsync<T>(Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
        }
    }

    /// <summary>True when the query returns at least one row.</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken);
        }
    }

    private Statement Set(string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return this;
    }
}
