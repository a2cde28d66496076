namespace Keyturn.Core.Domain;

/// <summary>
/// A change of a rotation's secrets mapping, committed in one transaction so consumers see the old names or the new
/// ones with their values, never a gap: the rotation row replaced (as UpdateRotation does), each newly mapped name
/// created at version 1 owned by the rotation, and each secret that left the mapping deleted with its versions or,
/// when <paramref name="KeepLeavingSecrets"/>, released (owner cleared: an ordinary writable secret).
/// </summary>
/// <param name="NewSecrets">Version 1 of each new name, sealed for its own id; a taken name is a conflict.</param>
/// <param name="LeavingSecretIds">Secrets owned by this rotation whose names are no longer mapped; others are never touched.</param>
public sealed record RotationRemap(
    SecretRotation Rotation,
    IReadOnlyList<SecretVersionWrite> NewSecrets,
    IReadOnlyList<Guid> LeavingSecretIds,
    bool KeepLeavingSecrets);
