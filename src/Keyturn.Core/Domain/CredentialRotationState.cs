namespace Keyturn.Core.Domain;

/// <summary>
/// An app connection's rotation of its own credential: the schedule, which credentials Keyturn knows about, and the
/// last attempt's outcome. Credential ids are the provider's non-secret names for them (Azure key ids).
/// </summary>
/// <param name="InitialCredentialId">The credential the connection was created with, when the creator named it (clientSecretId); null: unknown, never revoked.</param>
/// <param name="ActiveCredentialId">The credential the sealed credentials hold; null until the first self-rotation when the initial one was not named.</param>
/// <param name="PreviousCredentialId">The credential active before the last self-rotation, still valid; the next self-rotation revokes it.</param>
public sealed record CredentialRotationState(
    CredentialRotationSettings Settings,
    string? InitialCredentialId,
    string? ActiveCredentialId,
    string? PreviousCredentialId,
    string? Status,
    string? Message,
    DateTimeOffset? RotatedAt,
    DateTimeOffset? NextRotationAt,
    Guid? LastJobId)
{
    public static CredentialRotationState Initial(string? initialCredentialId) =>
        new(CredentialRotationSettings.Default, initialCredentialId, initialCredentialId, null, null, null, null, null, null);
}

/// <summary>When a connection rotates its own credential: every <paramref name="RotationInterval"/> days at the given UTC time.</summary>
public sealed record CredentialRotationSettings(bool IsAutoRotationEnabled, int RotationInterval, int RotateAtHours, int RotateAtMinutes)
{
    public static CredentialRotationSettings Default { get; } = new(false, 30, 0, 0);
}
