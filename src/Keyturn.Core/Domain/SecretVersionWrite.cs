namespace Keyturn.Core.Domain;

/// <summary>
/// A write of one secret version. Version 1 creates the secret (conflict if the key exists in the folder);
/// a higher version appends to an existing secret and succeeds only when its current version is Version - 1,
/// so two concurrent writers cannot both win.
/// </summary>
public sealed record SecretVersionWrite(
    Guid SecretId,
    Guid FolderId,
    string Key,
    int Version,
    byte[] Ciphertext,
    Guid? OwnerRotationId,
    DateTimeOffset At);
