using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string TokenColumns = "id, name, hash, scope, created_at, expires_at";

    // ON CONFLICT DO NOTHING with no target: any existing row with this hash (or id) makes the insert a no-op.
    public Task EnsureTokenAsync(AccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return WriteAsync(async db =>
            {
                await db.Sql("DELETE FROM access_tokens WHERE name = @name AND hash <> @hash")
                    .Add("name", token.Name).Add("hash", token.Hash).ExecuteAsync(cancellationToken);
                return await db.Sql($"INSERT INTO access_tokens ({TokenColumns}) VALUES (@id, @name, @hash, @scope, @created_at, @expires_at) ON CONFLICT DO NOTHING")
                    .Add("id", token.Id).Add("name", token.Name).Add("hash", token.Hash).Add("scope", token.Scope)
                    .Add("created_at", token.CreatedAt).Add("expires_at", token.ExpiresAt).ExecuteAsync(cancellationToken);
            },
            Conflict($"token '{token.Name}' already exists", "a referenced row does not exist"), cancellationToken);
    }

    public Task<AccessToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        // Keyed by the hash's first 16 bytes, so no string is built per request; a cached token counts only when its
        // whole hash matches (a prefix collision falls through to the database).
        var key = hash.Length >= 16
            ? new CacheKey(CacheKind.TokenByHash, new Guid(hash.AsSpan(0, 16)))
            : new CacheKey(CacheKind.TokenByHash, Guid.Empty, Convert.ToHexString(hash));
        return dialect.Cache.TryGet<AccessToken>(key, out var cached) && cached.Hash.AsSpan().SequenceEqual(hash)
            ? Task.FromResult<AccessToken?>(cached)
            : FindTokenInDatabaseAsync(key, hash, cancellationToken);
    }

    private async Task<AccessToken?> FindTokenInDatabaseAsync(CacheKey key, byte[] hash, CancellationToken cancellationToken)
    {
        Task<AccessToken?> Read(DbSession db) => db.Sql($"SELECT {TokenColumns} FROM access_tokens WHERE hash = @hash")
            .Add("hash", hash).FirstOrDefaultAsync(ReadToken, cancellationToken);

        var token = await dialect.Cache.GetOrReadAsync(key, () => ReadAsync(Read, cancellationToken));
        return token is null || token.Hash.AsSpan().SequenceEqual(hash) ? token : await ReadAsync(Read, cancellationToken);
    }

    private static AccessToken ReadToken(DbDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetBlob(2), r.GetString(3), r.GetTime(4), r.GetTimeOrNull(5));
}
