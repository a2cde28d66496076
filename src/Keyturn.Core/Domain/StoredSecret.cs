namespace Keyturn.Core.Domain;

/// <summary>One version of a secret as stored: the value is sealed, never plain.</summary>
/// <param name="OwnerRotationId">Set when a rotation writes this secret; such secrets are read-only to the secrets API.</param>
public sealed record StoredSecret(
    Guid Id,
    Guid FolderId,
    string Key,
    int Version,
    byte[] Ciphertext,
    Guid? OwnerRotationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
