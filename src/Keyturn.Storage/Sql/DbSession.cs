using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>One leased connection (and, for writes, its transaction) that statements run on.</summary>
internal sealed class DbSession(SqlDialect dialect, DbLease lease, DbTransaction? transaction)
{
    public DbLease Lease => lease;

    public DbTransaction? Transaction => transaction;

    /// <summary>A statement for <paramref name="text"/>: the connection's prepared command when it keeps them, else a new one.</summary>
    public Statement Sql(string text)
    {
        if (lease.Statements is { } statements)
        {
            var (cached, owned) = statements.Get(text, transaction);
            return new Statement(dialect, cached, disposeAfterUse: !owned);
        }

        var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return new Statement(dialect, command, disposeAfterUse: true);
    }
}
