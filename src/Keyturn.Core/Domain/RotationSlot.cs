namespace Keyturn.Core.Domain;

/// <summary>A credential set held by a rotation in one of its slots (dual-phase types have slots 0 and 1).</summary>
/// <param name="CredentialId">The provider's id for the credential (e.g. Azure keyId); not secret.</param>
/// <param name="SealedCredential">The generated credential values (JSON), sealed.</param>
/// <param name="JobId">The job that issued it.</param>
public sealed record RotationSlot(
    Guid RotationId,
    int Index,
    string CredentialId,
    byte[] SealedCredential,
    Guid JobId,
    DateTimeOffset IssuedAt)
{
    /// <summary>
    /// When the credential stops working at the target, where the target says (an Azure endDateTime); null when it
    /// does not expire or nobody knows. Kept in the clear beside the sealed credential so the expiry scan needs no key.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
