using Keyturn.Core.Providers;
using Keyturn.Core.Secrets;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Rotation;

/// <summary>The secrets of one rotation's folder (environment and path), opened on demand for its provider.</summary>
internal sealed class FolderSecrets(IKeyturnStore store, SecretService secrets, Guid projectId, Guid folderId) : ISiblingSecrets
{
    public async Task<SiblingSecret?> ReadAsync(string name, CancellationToken cancellationToken) =>
        await store.GetSecretAsync(folderId, name, cancellationToken) is { } secret
            ? new SiblingSecret(secret.Id, name, await secrets.OpenAsync(projectId, secret, cancellationToken))
            : null;
}
