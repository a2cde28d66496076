using Keyturn.Core.Domain;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    public Task<bool> RemapRotationSecretsAsync(RotationRemap remap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remap);
        var rotation = remap.Rotation;
        return WriteAsync(async db =>
        {
            // The rotation row first, as DeleteRotation and CompleteActivation lock it, so these transactions queue
            // rather than deadlock; a rotation deleted meanwhile ends the remap before anything is written.
            if (await BindRotation(db.Sql(ReplaceRotationSql), rotation).ExecuteAsync(cancellationToken) == 0)
            {
                return false;
            }

            foreach (var write in remap.NewSecrets)
            {
                await ApplySecretWriteAsync(db, write, cancellationToken);
            }

            foreach (var secretId in remap.LeavingSecretIds)
            {
                await (remap.KeepLeavingSecrets
                    ? ReleaseOwnedSecretAsync(db, secretId, rotation.Id, cancellationToken)
                    : DeleteOwnedSecretAsync(db, secretId, rotation.Id, cancellationToken));
            }

            return true;
        }, RotationConflict(rotation), cancellationToken);
    }

    // Only a secret this rotation still owns: one a person wrote under that name is never taken or deleted.
    private static Task ReleaseOwnedSecretAsync(DbSession db, Guid secretId, Guid rotationId, CancellationToken cancellationToken) =>
        db.Sql("UPDATE secrets SET owner_rotation_id = NULL WHERE id = @id AND owner_rotation_id = @owner")
            .Add("id", secretId).Add("owner", rotationId).ExecuteAsync(cancellationToken);

    private static async Task DeleteOwnedSecretAsync(DbSession db, Guid secretId, Guid rotationId, CancellationToken cancellationToken)
    {
        await db.Sql("DELETE FROM secret_versions WHERE secret_id IN (SELECT id FROM secrets WHERE id = @id AND owner_rotation_id = @owner)")
            .Add("id", secretId).Add("owner", rotationId).ExecuteAsync(cancellationToken);
        await db.Sql("DELETE FROM secrets WHERE id = @id AND owner_rotation_id = @owner")
            .Add("id", secretId).Add("owner", rotationId).ExecuteAsync(cancellationToken);
    }
}
