using Keyturn.Core.Domain;

namespace Keyturn.Core.Rotation;

/// <summary>A rotation with what its API view names: connection, environment, folder.</summary>
public sealed record RotationDetails(SecretRotation Rotation, AppConnection Connection, ProjectEnvironment Environment, Folder Folder);

/// <summary>The credentials held in a rotation's slots (null for an empty slot), for the generated-credentials view.</summary>
public sealed record GeneratedCredentials(SecretRotation Rotation, IReadOnlyList<IReadOnlyDictionary<string, string>?> Slots)
{
    /// <summary>A credential adopted at create and not yet retired: its slot shows no values (Keyturn never knew its secret).</summary>
    public AdoptedCredential? Adopted { get; init; }
}

/// <summary>A credential made outside Keyturn that a slot records until the first rotation revokes it.</summary>
public sealed record AdoptedCredential(int Slot, string CredentialId);
