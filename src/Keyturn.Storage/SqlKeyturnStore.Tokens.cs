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
        return CachedReadAsync(new CacheKey(CacheKind.TokenByHash, Guid.Empty, Convert.ToHexString(hash)),
            db => db.Sql($"SELECT {TokenColumns} FROM access_tokens WHERE hash = @hash")
                .Add("hash", hash).FirstOrDefaultAsync(ReadToken, cancellationToken), cancellationToken);
    }

    private static AccessToken ReadToken(DbDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetBlob(2), r.GetString(3), r.GetTime(4), r.GetTimeOrNull(5));
}
