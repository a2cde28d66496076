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
    DateTimeOffset IssuedAt);
