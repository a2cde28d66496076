using System.Data.Common;
using System.Text.Json;
using Keyturn.Core.Identities;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string IdentityColumns = "id, name, client_id, access_token_ttl, created_at, access_token_max_ttl";

    private const string ClientSecretColumns = "id, identity_id, hash, prefix, description, trusted_ips_json, created_at, expires_at";

    // Identity and client-secret rows are never cached, so their writes leave the read cache alone; deleting an identity
    // revokes its tokens, which are not cached either (see FindTokenByHashAsync).
    public Task CreateIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return WriteAsync(db => db.Sql($"INSERT INTO identities ({IdentityColumns}) VALUES (@id, @name, @client_id, @access_token_ttl, @created_at, @access_token_max_ttl)")
                .Add("id", identity.Id).Add("name", identity.Name).Add("client_id", identity.ClientId)
                .Add("access_token_ttl", identity.AccessTokenTtlSeconds).Add("created_at", identity.CreatedAt)
                .Add("access_token_max_ttl", identity.AccessTokenMaxTtlSeconds).ExecuteAsync(cancellationToken),
            Conflict($"an identity named '{identity.Name}' already exists", "a referenced row does not exist"), cancellationToken,
            invalidates: CacheKinds.None);
    }

    public Task<Identity?> GetIdentityAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql($"SELECT {IdentityColumns} FROM identities WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadIdentity, cancellationToken), cancellationToken);

    public Task<Identity?> FindIdentityByClientIdAsync(Guid clientId, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql($"SELECT {IdentityColumns} FROM identities WHERE client_id = @client_id")
            .Add("client_id", clientId).FirstOrDefaultAsync(ReadIdentity, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<Identity>> ListIdentitiesAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {IdentityColumns} FROM identities ORDER BY created_at, id")
            .QueryAsync(ReadIdentity, cancellationToken), cancellationToken);

    public Task<bool> DeleteIdentityAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            await db.Sql("UPDATE access_tokens SET revoked_at = @at WHERE identity_id = @id AND revoked_at IS NULL")
                .Add("at", at).Add("id", id).ExecuteAsync(cancellationToken);
            await db.Sql("DELETE FROM identity_client_secrets WHERE identity_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            await db.Sql("DELETE FROM project_memberships WHERE identity_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            await db.Sql("DELETE FROM identity_grants WHERE identity_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            return await db.Sql("DELETE FROM identities WHERE id = @id").Add("id", id).ExecuteAsync(cancellationToken) == 1;
        }, Conflict("a concurrent write won; retry", "a concurrent write won; retry"), cancellationToken, invalidates: CacheKinds.None);

    public Task AddClientSecretAsync(IdentityClientSecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return WriteAsync(db => db.Sql($"""
                INSERT INTO identity_client_secrets ({ClientSecretColumns})
                VALUES (@id, @identity_id, @hash, @prefix, @description, @trusted_ips_json, @created_at, @expires_at)
                """)
                .Add("id", secret.Id).Add("identity_id", secret.IdentityId).Add("hash", secret.Hash).Add("prefix", secret.Prefix)
                .Add("description", secret.Description).Add("trusted_ips_json", JsonSerializer.Serialize(secret.TrustedIps))
                .Add("created_at", secret.CreatedAt).Add("expires_at", secret.ExpiresAt).ExecuteAsync(cancellationToken),
            Conflict($"client secret {secret.Id} already exists", $"identity {secret.IdentityId} does not exist"), cancellationToken,
            invalidates: CacheKinds.None);
    }

    public async Task<IReadOnlyList<IdentityClientSecret>> ListClientSecretsAsync(Guid identityId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {ClientSecretColumns} FROM identity_client_secrets WHERE identity_id = @identity_id ORDER BY created_at, id")
            .Add("identity_id", identityId).QueryAsync(ReadClientSecret, cancellationToken), cancellationToken);

    public Task<bool> DeleteClientSecretAsync(Guid identityId, Guid secretId, CancellationToken cancellationToken) =>
        WriteAsync(async db => await db.Sql("DELETE FROM identity_client_secrets WHERE id = @id AND identity_id = @identity_id")
                .Add("id", secretId).Add("identity_id", identityId).ExecuteAsync(cancellationToken) == 1,
            Conflict("a concurrent write won; retry", "a concurrent write won; retry"), cancellationToken, invalidates: CacheKinds.None);

    private static Identity ReadIdentity(DbDataReader r) => new(r.GetGuid(0), r.GetString(1), r.GetGuid(2), r.GetInt32(3), r.GetTime(4), r.GetInt32(5));

    private static IdentityClientSecret ReadClientSecret(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetBlob(2), r.GetString(3), r.GetStringOrNull(4),
        JsonSerializer.Deserialize<string[]>(r.GetString(5)) ?? [], r.GetTime(6), r.GetTimeOrNull(7));
}
