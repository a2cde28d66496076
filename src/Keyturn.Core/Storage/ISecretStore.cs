using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface ISecretStore
{
    /// <summary>Latest version of every secret in the folder, ordered by key.</summary>
    Task<IReadOnlyList<StoredSecret>> ListSecretsAsync(Guid folderId, CancellationToken cancellationToken);

    /// <summary>Latest version of the secret, or null.</summary>
    Task<StoredSecret?> GetSecretAsync(Guid folderId, string key, CancellationToken cancellationToken);

    /// <summary>A given version of a secret, or null.</summary>
    Task<StoredSecret?> GetSecretVersionAsync(Guid folderId, string key, int version, CancellationToken cancellationToken);

    /// <summary>Writes one version (see <see cref="SecretVersionWrite"/>). Conflict on a taken key or a stale version.</summary>
    Task WriteSecretVersionAsync(SecretVersionWrite write, CancellationToken cancellationToken);

    /// <summary>Deletes the secret with all its versions. False when it did not exist.</summary>
    Task<bool> DeleteSecretAsync(Guid secretId, CancellationToken cancellationToken);

    /// <summary>Secrets owned by a rotation (its mapped secrets), latest versions.</summary>
    Task<IReadOnlyList<StoredSecret>> ListSecretsOwnedByAsync(Guid rotationId, CancellationToken cancellationToken);
}
