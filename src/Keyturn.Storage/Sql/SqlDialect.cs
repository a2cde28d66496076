using System.Data;
using System.Data.Common;

namespace Keyturn.Storage.Sql;

/// <summary>
/// The few things that differ between the backends. Everything else (SQL text, upserts with ON CONFLICT,
/// LIMIT, partial indexes) is written once, in syntax both SQLite and PostgreSQL accept.
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>The store's read cache; how it stays coherent is the dialect's business (see each dialect).</summary>
    public abstract Caching.ReadCache Cache { get; }

    /// <summary>Where writes go when the backend wants them committed in groups (SQLite); null to run each in its own transaction.</summary>
    public virtual GroupCommitWriter? GroupCommit => null;

    /// <summary>Runs inside every write transaction just before commit, so other nodes learn of the change.</summary>
    public virtual Task AnnounceChangeAsync(DbSession db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Lends a connection configured for this store's needs; disposing the lease gives it back.</summary>
    public abstract Task<DbLease> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction that will write; it must take its write lock up front so writers queue instead of
    /// deadlocking. <paramref name="durability"/> says whether its commit must wait for the disk.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbLease lease, WriteDurability durability, CancellationToken cancellationToken);

    /// <summary>Work needed before the schema transaction (files, journal mode).</summary>
    public abstract Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Serialises concurrent schema upgrades from several nodes, inside the schema transaction.</summary>
    public abstract Task LockSchemaAsync(DbSession db, CancellationToken cancellationToken);

    /// <summary>Replaces the type placeholders of a DDL template: {id} {text} {bytes} {bool} {int} {long} {time} {strict}.</summary>
    public abstract string Ddl(string template);

    public abstract ConflictKind Classify(DbException exception);

    /// <summary>How a Guid travels as a parameter (native uuid, or canonical lowercase text).</summary>
    public abstract object GuidValue(Guid value);

    public abstract DbType GuidDbType { get; }

    public abstract ValueTask DisposeAsync();
}
