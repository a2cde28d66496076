using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface ITokenStore
{
    /// <summary>
    /// Inserts the token unless one with the same hash exists, and deletes every other token of the same name, in one
    /// transaction: a changed KEYTURN_ROOT_TOKEN revokes the old root token. Idempotent.
    /// </summary>
    Task EnsureTokenAsync(AccessToken token, CancellationToken cancellationToken);

    /// <summary>The token with this hash unless it was revoked. Tokens issued to identities are never served from the read cache.</summary>
    Task<AccessToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>Inserts a token issued at login; its identity must exist (else <see cref="StoreConflictException"/>).</summary>
    Task CreateIdentityTokenAsync(AccessToken token, CancellationToken cancellationToken);

    /// <summary>Marks the identity token with this hash revoked; false when there is no such unrevoked identity token.</summary>
    Task<bool> RevokeIdentityTokenAsync(byte[] hash, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the expiry of the identity token with this hash to <paramref name="expiresAt"/> if it is unrevoked and still
    /// live at <paramref name="now"/>; false otherwise (renewal).
    /// </summary>
    Task<bool> ExtendIdentityTokenAsync(byte[] hash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
