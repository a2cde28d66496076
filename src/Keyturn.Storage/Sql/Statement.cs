using System.Data;
using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>
/// A command with typed parameters. Values are converted here, once, into what both backends store the same way:
/// times as unix milliseconds (bigint), Guids as the dialect prefers. Every execute method disposes the command,
/// unless it is a prepared command its connection keeps (<see cref="StatementCache"/>): then the parameters it had
/// from its last use are given new values in place, in the order they are added.
/// </summary>
internal sealed class Statement(SqlDialect dialect, DbCommand command, bool disposeAfterUse)
{
    // Parameters set so far; a cached command's parameters beyond this are left over from its last use.
    private int _set;

    public Statement Add(string name, string? value) => Set(name, DbType.String, value);

    public Statement Add(string name, int value) => Set(name, DbType.Int32, value);

    public Statement Add(string name, long value) => Set(name, DbType.Int64, value);

    public Statement Add(string name, int? value) => Set(name, DbType.Int32, value);

    public Statement Add(string name, bool value) => Set(name, DbType.Boolean, value);

    public Statement Add(string name, byte[]? value) => Set(name, DbType.Binary, value);

    public Statement Add(string name, Guid value) => Set(name, dialect.GuidDbType, dialect.GuidValue(value));

    public Statement Add(string name, Guid? value) =>
        Set(name, dialect.GuidDbType, value is { } id ? dialect.GuidValue(id) : null);

    public Statement Add(string name, DateTimeOffset value) => Set(name, DbType.Int64, value.ToUnixTimeMilliseconds());

    public Statement Add(string name, DateTimeOffset? value) => Set(name, DbType.Int64, value?.ToUnixTimeMilliseconds());

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Ready().ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await DoneAsync();
        }
    }

    public async Task<List<T>> QueryAsync<T>(Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await Ready().ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            await DoneAsync();
        }
    }

    public async Task<T?> FirstOrDefaultAsync<T>(Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await using var reader = await Ready().ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
        }
        finally
        {
            await DoneAsync();
        }
    }

    /// <summary>True when the query returns at least one row.</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await Ready().ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken);
        }
        finally
        {
            await DoneAsync();
        }
    }

    // Names carry their "@": Microsoft.Data.Sqlite binds a bare name by trying "@", "$" and ":" in turn, which
    // built and encoded three strings per parameter per execution; Npgsql accepts either form.
    private Statement Set(string name, DbType type, object? value)
    {
        var parameters = command.Parameters;
        DbParameter parameter;
        if (_set < parameters.Count && IsNamed(parameters[_set], name))
        {
            parameter = parameters[_set];
        }
        else
        {
            // Not the shape this cached command had last time: drop what is left of it and add afresh.
            Trim(_set);
            parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameters.Add(parameter);
        }

        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        _set++;
        return this;
    }

    private static bool IsNamed(DbParameter parameter, string name) =>
        parameter.ParameterName.Length == name.Length + 1 && parameter.ParameterName.AsSpan(1).SequenceEqual(name);

    /// <summary>The command with exactly the parameters set on this statement.</summary>
    private DbCommand Ready()
    {
        Trim(_set);
        return command;
    }

    private void Trim(int count)
    {
        var parameters = command.Parameters;
        while (parameters.Count > count)
        {
            parameters.RemoveAt(parameters.Count - 1);
        }
    }

    private ValueTask DoneAsync() => disposeAfterUse ? command.DisposeAsync() : ValueTask.CompletedTask;
}
