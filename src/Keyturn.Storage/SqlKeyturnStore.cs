using System.Data.Common;
using Keyturn.Core.Storage;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

/// <summary>
/// The one implementation of <see cref="IKeyturnStore"/>: portable SQL over ADO.NET, with a <see cref="SqlDialect"/>
/// for what differs. Each call opens a pooled connection; writes run in one transaction that takes its write lock
/// up front. The partial files group the methods by contract interface.
/// </summary>
internal sealed partial class SqlKeyturnStore(SqlDialect dialect) : IKeyturnStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await dialect.PrepareAsync(cancellationToken);
        await RunInWriteTransactionAsync(async db =>
        {
            await dialect.LockSchemaAsync(db, cancellationToken);
            await db.Sql(dialect.Ddl(Migrations.VersionTable)).ExecuteAsync(cancellationToken);
            var applied = await db.Sql("SELECT version FROM schema_version")
                .QueryAsync(r => r.GetInt32(0), cancellationToken);
            foreach (var (version, description, statements) in Migrations.All)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                foreach (var statement in statements)
                {
                    await db.Sql(dialect.Ddl(statement)).ExecuteAsync(cancellationToken);
                }

                await db.Sql("INSERT INTO schema_version (version, description) VALUES (@version, @description)")
                    .Add("version", version).Add("description", description).ExecuteAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    public async Task<SchemaVersion> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        var applied = await ReadAsync(
            async db => (await db.Sql("SELECT COALESCE(MAX(version), 0) FROM schema_version").QueryAsync(r => r.GetInt32(0), cancellationToken)).Single(),
            cancellationToken);
        return new SchemaVersion(applied, Migrations.All.Max(m => m.Version));
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeAuditWriterAsync();
        await dialect.DisposeAsync();
    }

    /// <summary>A read through the cache (see <see cref="Caching.ReadCache"/>).</summary>
    private Task<T?> CachedReadAsync<T>(Caching.CacheKey key, Func<DbSession, Task<T?>> read, CancellationToken cancellationToken)
        where T : class =>
        // A hit returns a completed task straight away, without the async machinery of a read.
        dialect.Cache.TryGet<T>(key, out var hit)
            ? Task.FromResult<T?>(hit)
            : dialect.Cache.GetOrReadAsync(key, () => ReadAsync(read, cancellationToken));

    /// <summary>Runs a read on its own connection without a transaction: one statement sees one snapshot.</summary>
    private async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var lease = await dialect.OpenAsync(cancellationToken);
        return await read(new DbSession(dialect, lease, null));
    }

    /// <summary>
    /// Runs a write in one transaction; backend conflicts become <see cref="StoreConflictException"/> with a message
    /// from <paramref name="describe"/>, which names what conflicted and never carries values. A write that cannot
    /// change a cached row says so in <paramref name="invalidates"/> (the rotation engine's journal, lease and audit
    /// writes), so it leaves the read cache alone.
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<DbSession, Task<T>> write, Func<ConflictKind, string> describe, CancellationToken cancellationToken,
        WriteDurability durability = WriteDurability.Durable, Caching.CacheKinds invalidates = Caching.CacheKinds.All)
    {
        try
        {
            return await RunInWriteTransactionAsync(write, cancellationToken, durability, invalidates);
        }
        catch (DbException exception) when (dialect.Classify(exception) is not ConflictKind.None)
        {
            throw new StoreConflictException(describe(dialect.Classify(exception)), exception);
        }
    }

    private async Task<T> RunInWriteTransactionAsync<T>(
        Func<DbSession, Task<T>> write, CancellationToken cancellationToken, WriteDurability durability = WriteDurability.Durable,
        Caching.CacheKinds invalidates = Caching.CacheKinds.All)
    {
        try
        {
            if (dialect.GroupCommit is { } groupCommit)
            {
                return await groupCommit.WriteAsync(write, durability, invalidates != Caching.CacheKinds.None, cancellationToken);
            }

            await using var lease = await dialect.OpenAsync(cancellationToken);
            await using var transaction = await dialect.BeginWriteAsync(lease, durability, cancellationToken);
            var db = new DbSession(dialect, lease, transaction);
            var result = await write(db);
            if (invalidates != Caching.CacheKinds.None)
            {
                // Other nodes empty their whole cache on it; a write that changes no cached row need not tell them.
                await dialect.AnnounceChangeAsync(db, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            // After the commit (or a failure that may have committed): readers that started before it must not
            // keep what they read.
            dialect.Cache.Invalidate(invalidates);
        }
    }

    /// <summary>
    /// As <see cref="Conflict(string, string)"/>, with the messages built only when a conflict happens: the
    /// engine's journal writes are frequent, and their messages name every entry.
    /// </summary>
    private static Func<ConflictKind, string> Conflict(Func<string> taken, Func<string> missingReference) => kind => kind switch
    {
        ConflictKind.Unique => taken(),
        ConflictKind.ForeignKey => missingReference(),
        _ => "a concurrent write won; retry",
    };

    /// <summary>The usual conflict messages: a taken unique value, a missing referenced row, a lost race.</summary>
    private static Func<ConflictKind, string> Conflict(string taken, string missingReference) => kind => kind switch
    {
        ConflictKind.Unique => taken,
        ConflictKind.ForeignKey => missingReference,
        _ => "a concurrent write won; retry",
    };
}
