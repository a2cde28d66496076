using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string TokenColumns = "id, name, hash, scope, created_at, expires_at, identity_id";

    // ON CONFLICT DO NOTHING with no target: any existing row with this hash (or id) makes the insert a no-op.
    public Task EnsureTokenAsync(AccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return WriteAsync(async db =>
            {
                await db.Sql("DELETE FROM access_tokens WHERE name = @name AND hash <> @hash")
                    .Add("name", token.Name).Add("hash", token.Hash).ExecuteAsync(cancellationToken);
                return await db.Sql($"INSERT INTO access_tokens ({TokenColumns}) VALUES (@id, @name, @hash, @scope, @created_at, @expires_at, @identity_id) ON CONFLICT DO NOTHING")
                    .Add("id", token.Id).Add("name", token.Name).Add("hash", token.Hash).Add("scope", token.Scope)
                    .Add("created_at", token.CreatedAt).Add("expires_at", token.ExpiresAt).Add("identity_id", token.IdentityId)
                    .ExecuteAsync(cancellationToken);
            },
            Conflict($"token '{token.Name}' already exists", "a referenced row does not exist"), cancellationToken);
    }

    // A new token changes no cached row (misses are not cached), so other nodes' caches are left alone. INSERT … SELECT
    // … WHERE EXISTS: an identity deleted since the login read it gets no token.
    public async Task CreateIdentityTokenAsync(AccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var inserted = await WriteAsync(db => db.Sql($"""
                    INSERT INTO access_tokens ({TokenColumns})
                    SELECT @id, @name, @hash, @scope, @created_at, @expires_at, @identity_id
                    WHERE EXISTS (SELECT 1 FROM identities WHERE id = @identity_id)
                    """)
                .Add("id", token.Id).Add("name", token.Name).Add("hash", token.Hash).Add("scope", token.Scope)
                .Add("created_at", token.CreatedAt).Add("expires_at", token.ExpiresAt).Add("identity_id", token.IdentityId)
                .ExecuteAsync(cancellationToken),
            Conflict("the token already exists", "the identity does not exist"), cancellationToken, invalidates: CacheKinds.None);
        if (inserted != 1)
        {
            throw new Core.Storage.StoreConflictException($"identity {token.IdentityId} does not exist");
        }
    }

    public Task<bool> RevokeIdentityTokenAsync(byte[] hash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return WriteAsync(async db => await db.Sql(
                    "UPDATE access_tokens SET revoked_at = @at WHERE hash = @hash AND identity_id IS NOT NULL AND revoked_at IS NULL")
                .Add("at", at).Add("hash", hash).ExecuteAsync(cancellationToken) == 1,
            Conflict("a concurrent write won; retry", "a concurrent write won; retry"), cancellationToken);
    }

    // Identity tokens are never cached (see FindTokenByHashAsync), so the new expiry counts on every node's next lookup.
    public Task<bool> ExtendIdentityTokenAsync(byte[] hash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return WriteAsync(async db => await db.Sql("""
                    UPDATE access_tokens SET expires_at = @expires_at
                    WHERE hash = @hash AND identity_id IS NOT NULL AND revoked_at IS NULL AND expires_at > @now
                    """)
                .Add("expires_at", expiresAt).Add("hash", hash).Add("now", now).ExecuteAsync(cancellationToken) == 1,
            Conflict("a concurrent write won; retry", "a concurrent write won; retry"), cancellationToken, invalidates: CacheKinds.None);
    }

    public Task<AccessToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        // Keyed by the hash's first 16 bytes, so no string is built per request; a cached token counts only when its
        // whole hash matches (a prefix collision falls through to the database). Identity tokens are never cached
        // (see the keep predicate below), so a revoke is seen by the very next lookup on every node.
        var key = hash.Length >= 16
            ? new CacheKey(CacheKind.TokenByHash, new Guid(hash.AsSpan(0, 16)))
            : new CacheKey(CacheKind.TokenByHash, Guid.Empty, Convert.ToHexString(hash));
        return dialect.Cache.TryGet<AccessToken>(key, out var cached) && cached.Hash.AsSpan().SequenceEqual(hash)
            ? Task.FromResult<AccessToken?>(cached)
            : FindTokenInDatabaseAsync(key, hash, cancellationToken);
    }

    private async Task<AccessToken?> FindTokenInDatabaseAsync(CacheKey key, byte[] hash, CancellationToken cancellationToken)
    {
        Task<AccessToken?> Read(DbSession db) => db.Sql($"SELECT {TokenColumns} FROM access_tokens WHERE hash = @hash AND revoked_at IS NULL")
            .Add("hash", hash).FirstOrDefaultAsync(ReadToken, cancellationToken);

        var token = await dialect.Cache.GetOrReadAsync(key, () => ReadAsync(Read, cancellationToken), static t => t.IdentityId is null);
        return token is null || token.Hash.AsSpan().SequenceEqual(hash) ? token : await ReadAsync(Read, cancellationToken);
    }

    private static AccessToken ReadToken(DbDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetBlob(2), r.GetString(3), r.GetTime(4), r.GetTimeOrNull(5), r.GetGuidOrNull(6));
}
