using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    public Task<byte[]?> GetWrappedDataKeyAsync(Guid scopeId, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql("SELECT wrapped_key FROM data_keys WHERE scope_id = @scope_id")
            .Add("scope_id", scopeId).FirstOrDefaultAsync(r => r.GetBlob(0), cancellationToken), cancellationToken);

    // Insert-or-ignore then read back in one transaction: a node that lost the race adopts the winner's key,
    // so a project never ends up with values sealed under two different keys.
    public Task<byte[]> AddWrappedDataKeyAsync(Guid scopeId, byte[] wrappedKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrappedKey);
        return WriteAsync(async db =>
        {
            await db.Sql("INSERT INTO data_keys (scope_id, wrapped_key, created_at) VALUES (@scope_id, @wrapped_key, @created_at) ON CONFLICT (scope_id) DO NOTHING")
                .Add("scope_id", scopeId).Add("wrapped_key", wrappedKey).Add("created_at", now).ExecuteAsync(cancellationToken);
            return await db.Sql("SELECT wrapped_key FROM data_keys WHERE scope_id = @scope_id")
                .Add("scope_id", scopeId).FirstOrDefaultAsync(r => r.GetBlob(0), cancellationToken)
                ?? throw new InvalidOperationException("The data key vanished inside its own transaction.");
        }, Conflict($"data key for scope {scopeId} was written concurrently", "a referenced row does not exist"), cancellationToken);
    }

    public Task<int> RewrapDataKeysAsync(Func<Guid, byte[], byte[]> rewrap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewrap);
        return WriteAsync(async db =>
        {
            var keys = await db.Sql("SELECT scope_id, wrapped_key FROM data_keys ORDER BY scope_id")
                .QueryAsync(r => (Scope: r.GetGuid(0), Wrapped: r.GetBlob(1)), cancellationToken);
            foreach (var (scope, wrapped) in keys)
            {
                await db.Sql("UPDATE data_keys SET wrapped_key = @wrapped_key WHERE scope_id = @scope_id")
                    .Add("scope_id", scope).Add("wrapped_key", rewrap(scope, wrapped)).ExecuteAsync(cancellationToken);
            }

            return keys.Count;
        }, Conflict("data keys were written concurrently", "a referenced row does not exist"), cancellationToken);
    }
}
