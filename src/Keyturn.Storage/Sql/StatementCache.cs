using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>
/// Commands kept prepared on one open connection, keyed by SQL text. Microsoft.Data.Sqlite has no statement cache:
/// it parses and plans every command again and finalizes it on dispose, which cost about a fifth of the CPU a
/// rotation adds (docs/benchmarks.md, rotation section). A cached command keeps its prepared statement; SQLite
/// resets it when its reader is disposed, and the next use binds new values. Used by one lease holder at a time,
/// one statement at a time (each is executed before the next is built), so no locking.
/// </summary>
internal sealed class StatementCache(DbConnection connection)
{
    // Far above the store's distinct statements (about a hundred); beyond it, texts built at run time (DDL,
    // migrations) are not kept, so the cache cannot grow without bound.
    private const int MaxStatements = 256;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="text"/>, and whether the cache owns it (the caller disposes it otherwise).</summary>
    public (DbCommand Command, bool Cached) Get(string text, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(text, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = text;
            if (_commands.Count >= MaxStatements)
            {
                command.Transaction = transaction;
                return (command, false);
            }

            _commands.Add(text, command);
        }

        command.Transaction = transaction;
        return (command, true);
    }

    /// <summary>Finalizes every prepared statement; the connection is closing.</summary>
    public void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
