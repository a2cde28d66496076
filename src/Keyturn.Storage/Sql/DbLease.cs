using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>
/// An open connection lent to one caller at a time; disposing gives it back. Where the dialect keeps connections
/// open across calls (SQLite), the lease also carries the connection's prepared statements.
/// </summary>
internal abstract class DbLease : IAsyncDisposable
{
    public abstract DbConnection Connection { get; }

    /// <summary>Prepared commands kept with the connection, or null when every statement is built afresh.</summary>
    public virtual StatementCache? Statements => null;

    public abstract ValueTask DisposeAsync();
}

/// <summary>A connection the lease owns outright: disposing closes it (back into the driver's own pool).</summary>
internal sealed class OwnedConnection(DbConnection connection) : DbLease
{
    public override DbConnection Connection => connection;

    public override ValueTask DisposeAsync() => connection.DisposeAsync();
}
