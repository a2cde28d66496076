using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>One open connection (and, for writes, its transaction) that statements run on.</summary>
internal sealed class DbSession(SqlDialect dialect, DbConnection connection, DbTransaction? transaction)
{
    public Statement Sql(string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return new Statement(dialect, command);
    }
}
