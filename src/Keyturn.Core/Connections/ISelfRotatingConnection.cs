using Keyturn.Core.Providers;

namespace Keyturn.Core.Connections;

/// <summary>
/// An app connection that can rotate its own credential (Akeyless "target", Keeper's admin app). Every call is made
/// as <c>connection</c>, i.e. with its currently active credential; each states its contract below.
/// </summary>
public interface ISelfRotatingConnection
{
    /// <summary>The create body's field naming the starting credential (e.g. "credentials.clientSecretId"), for error messages.</summary>
    string InitialCredentialField { get; }

    /// <summary>
    /// Creates a new credential for the connection's own identity next to the active one, carrying
    /// <paramref name="label"/> so an attempt whose answer a crash lost can find it. Nothing is revoked.
    /// </summary>
    Task<ProviderResult<IssuedConnectionCredential>> IssueCredentialAsync(
        ConnectionSecret connection, string label, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Proves the new credential works on its own. Transient when the refusal may be propagation (a credential just
    /// issued is often refused for a while), so the caller retries within its window.
    /// </summary>
    Task<ProviderResult<Verification>> VerifyCredentialAsync(
        ConnectionSecret connection, IssuedConnectionCredential credential, CancellationToken cancellationToken);

    /// <summary>Revokes one of the connection's credentials by id. Idempotent: already gone is success.</summary>
    Task<ProviderResult<bool>> RevokeCredentialAsync(ConnectionSecret connection, string credentialId, CancellationToken cancellationToken);

    /// <summary>
    /// The connection's own credentials whose label starts with <paramref name="labelPrefix"/> (all of them when null):
    /// orphan clean-up, and checking at create that a named credential exists.
    /// </summary>
    Task<ProviderResult<IReadOnlyList<ManagedCredential>>> ListCredentialsAsync(
        ConnectionSecret connection, string? labelPrefix, CancellationToken cancellationToken);
}

/// <param name="CredentialId">The provider's non-secret id of the credential (an Azure key id).</param>
/// <param name="CredentialsJson">The connection's credentials JSON with the new secret, sealed as the connection's once activated.</param>
public sealed record IssuedConnectionCredential(string CredentialId, string CredentialsJson, DateTimeOffset? ExpiresAt);
