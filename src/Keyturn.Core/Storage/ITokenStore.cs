using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface ITokenStore
{
    /// <summary>Inserts the token unless one with the same hash exists. Idempotent.</summary>
    Task EnsureTokenAsync(AccessToken token, CancellationToken cancellationToken);

    Task<AccessToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken);
}
