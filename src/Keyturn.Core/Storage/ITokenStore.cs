using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface ITokenStore
{
    /// <summary>
    /// Inserts the token unless one with the same hash exists, and deletes every other token of the same name, in one
    /// transaction: a changed KEYTURN_ROOT_TOKEN revokes the old root token. Idempotent.
    /// </summary>
    Task EnsureTokenAsync(AccessToken token, CancellationToken cancellationToken);

    Task<AccessToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken);
}
