using Keyturn.Core.Identities;

namespace Keyturn.Core.Storage;

/// <summary>Machine identities and their universal-auth client secrets (hashes only).</summary>
public interface IIdentityStore
{
    /// <summary>Inserts the identity; a taken name or client id is a <see cref="StoreConflictException"/>.</summary>
    Task CreateIdentityAsync(Identity identity, CancellationToken cancellationToken);

    Task<Identity?> GetIdentityAsync(Guid id, CancellationToken cancellationToken);

    Task<Identity?> FindIdentityByClientIdAsync(Guid clientId, CancellationToken cancellationToken);

    /// <summary>Every identity, oldest first.</summary>
    Task<IReadOnlyList<Identity>> ListIdentitiesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: deletes the identity, its client secrets, memberships and grants, and marks every token it was issued revoked at
    /// <paramref name="at"/>. False when there was no such identity.
    /// </summary>
    Task<bool> DeleteIdentityAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Inserts the secret; an identity that does not exist (any more) is a <see cref="StoreConflictException"/>.</summary>
    Task AddClientSecretAsync(IdentityClientSecret secret, CancellationToken cancellationToken);

    /// <summary>The identity's client secrets, oldest first.</summary>
    Task<IReadOnlyList<IdentityClientSecret>> ListClientSecretsAsync(Guid identityId, CancellationToken cancellationToken);

    /// <summary>False when the identity has no such secret. Tokens issued with it stay valid until they expire or are revoked.</summary>
    Task<bool> DeleteClientSecretAsync(Guid identityId, Guid secretId, CancellationToken cancellationToken);
}
