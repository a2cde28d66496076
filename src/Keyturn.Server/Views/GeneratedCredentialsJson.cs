using Keyturn.Core.Rotation;

namespace Keyturn.Server.Views;

/// <summary>
/// The credentials a rotation generated, one entry per slot (null for an empty slot), each output name to its value:
/// secrets, so the answer is for those who hold the generated-credential read right only.
/// </summary>
/// <param name="AdoptedCredential">The credential the rotation took over at create, if any, and the slot it sits in.</param>
public sealed record GeneratedCredentialsJson(
    IReadOnlyList<IReadOnlyDictionary<string, string>?> GeneratedCredentials, AdoptedCredentialJson? AdoptedCredential, int ActiveIndex, Guid RotationId, string Type)
{
    public static GeneratedCredentialsJson From(GeneratedCredentials c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Slots, c.Adopted is { } adopted ? new AdoptedCredentialJson(adopted.Slot, adopted.CredentialId) : null, c.Rotation.ActiveIndex, c.Rotation.Id, c.Rotation.Type);
    }
}

public sealed record AdoptedCredentialJson(int Slot, string CredentialId);

/// <summary>`{ "secretRotations": [...] }`.</summary>
public sealed record RotationListEnvelope(IReadOnlyList<RotationJson> SecretRotations);
