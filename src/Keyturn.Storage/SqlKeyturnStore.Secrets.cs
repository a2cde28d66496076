using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    // One row per secret (its identity, current version and owner) and one per version (its ciphertext).
    // CreatedAt is when the secret was created; UpdatedAt is when the returned version was written.
    private const string SecretSelect = """
        SELECT s.id, s.folder_id, s.secret_key, v.version, v.ciphertext, s.owner_rotation_id, s.created_at, v.created_at
        FROM secrets s JOIN secret_versions v ON v.secret_id = s.id
        """;

    public async Task<IReadOnlyList<StoredSecret>> ListSecretsAsync(Guid folderId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"{SecretSelect} AND v.version = s.current_version WHERE s.folder_id = @folder_id ORDER BY s.secret_key")
            .Add("folder_id", folderId).QueryAsync(ReadSecret, cancellationToken), cancellationToken);

    // The hot path: one statement on the (folder_id, secret_key) unique index and the versions primary key.
    public Task<StoredSecret?> GetSecretAsync(Guid folderId, string key, CancellationToken cancellationToken) =>
        CachedReadAsync(new CacheKey(CacheKind.CurrentSecret, folderId, key), db => db.Sql($"{SecretSelect} AND v.version = s.current_version WHERE s.folder_id = @folder_id AND s.secret_key = @key")
            .Add("folder_id", folderId).Add("key", key).FirstOrDefaultAsync(ReadSecret, cancellationToken), cancellationToken);

    public Task<StoredSecret?> GetSecretVersionAsync(Guid folderId, string key, int version, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql($"{SecretSelect} AND v.version = @version WHERE s.folder_id = @folder_id AND s.secret_key = @key")
            .Add("folder_id", folderId).Add("key", key).Add("version", version)
            .FirstOrDefaultAsync(ReadSecret, cancellationToken), cancellationToken);

    public Task WriteSecretVersionAsync(SecretVersionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync(async db =>
        {
            await ApplySecretWriteAsync(db, write, cancellationToken);
            return true;
        }, Conflict($"a secret named '{write.Key}' already exists in this folder", $"folder {write.FolderId} does not exist"),
        cancellationToken, invalidates: CacheKinds.CurrentSecret);
    }

    public Task<bool> DeleteSecretAsync(Guid secretId, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            await db.Sql("DELETE FROM secret_versions WHERE secret_id = @id").Add("id", secretId).ExecuteAsync(cancellationToken);
            return await db.Sql("DELETE FROM secrets WHERE id = @id").Add("id", secretId).ExecuteAsync(cancellationToken) > 0;
        }, Conflict("the secret is still referenced", "the secret is still referenced"), cancellationToken, invalidates: CacheKinds.CurrentSecret);

    public async Task<IReadOnlyList<StoredSecret>> ListSecretsOwnedByAsync(Guid rotationId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"{SecretSelect} AND v.version = s.current_version WHERE s.owner_rotation_id = @owner ORDER BY s.secret_key, s.id")
            .Add("owner", rotationId).QueryAsync(ReadSecret, cancellationToken), cancellationToken);

    /// <summary>
    /// Version 1 inserts (ignoring a taken key, then reporting it); version n appends only when the stored current
    /// version is n - 1, checked and bumped by one UPDATE so two writers of the same version cannot both win.
    /// Every write sets the owner to the writer's <see cref="SecretVersionWrite.OwnerRotationId"/>.
    /// </summary>
    private static async Task ApplySecretWriteAsync(DbSession db, SecretVersionWrite write, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(write.Version, 1, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Ciphertext);
        if (write.Version == 1)
        {
            var inserted = await db.Sql("""
                INSERT INTO secrets (id, folder_id, secret_key, current_version, owner_rotation_id, created_at, updated_at)
                VALUES (@id, @folder_id, @key, 1, @owner, @at, @at) ON CONFLICT DO NOTHING
                """)
                .Add("id", write.SecretId).Add("folder_id", write.FolderId).Add("key", write.Key)
                .Add("owner", write.OwnerRotationId).Add("at", write.At)
                .ExecuteAsync(cancellationToken);
            if (inserted == 0)
            {
                throw new StoreConflictException($"a secret named '{write.Key}' already exists in this folder");
            }
        }
        else
        {
            var appended = await db.Sql("""
                UPDATE secrets SET current_version = @version, owner_rotation_id = @owner, updated_at = @at
                WHERE id = @id AND folder_id = @folder_id AND current_version = @previous
                """)
                .Add("version", write.Version).Add("owner", write.OwnerRotationId).Add("at", write.At)
                .Add("id", write.SecretId).Add("folder_id", write.FolderId).Add("previous", write.Version - 1)
                .ExecuteAsync(cancellationToken);
            if (appended == 0)
            {
                throw new StoreConflictException(
                    $"secret '{write.Key}' is not at version {write.Version - 1} in this folder (missing, or changed by another writer)");
            }
        }

        await db.Sql("INSERT INTO secret_versions (secret_id, version, ciphertext, created_at) VALUES (@id, @version, @ciphertext, @at)")
            .Add("id", write.SecretId).Add("version", write.Version).Add("ciphertext", write.Ciphertext).Add("at", write.At)
            .ExecuteAsync(cancellationToken);
    }

    private static StoredSecret ReadSecret(DbDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.GetBlob(4), r.GetGuidOrNull(5), r.GetTime(6), r.GetTime(7));
}
