namespace Keyturn.Core.Secrets;

/// <summary>A decrypted secret as the API returns it.</summary>
public sealed record SecretView(
    Guid Id,
    string Key,
    string Value,
    int Version,
    string Environment,
    string SecretPath,
    Guid ProjectId,
    Guid? OwnerRotationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
