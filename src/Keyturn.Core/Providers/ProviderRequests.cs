namespace Keyturn.Core.Providers;

/// <summary>What every provider call knows: the connection to act with, the rotation's parsed parameters and its id.</summary>
/// <param name="Parameters">The provider's own typed parameter record, as its <see cref="IRotationProvider.ParseParameters"/> made it.</param>
public sealed record ProviderContext(ConnectionSecret Connection, object Parameters, Guid RotationId)
{
    /// <summary>The other secrets at the rotation's environment and path (for types that reference them by name).</summary>
    public ISiblingSecrets Secrets { get; init; } = NoSiblingSecrets.Instance;
}

/// <summary>Creates (additive) or sets/regenerates (fixed-slot, in-place) the credential of one slot.</summary>
/// <param name="Slot">The slot being filled: for fixed-slot types the index of the named slot (key1 = 0, key2 = 1).</param>
/// <param name="Label">A tag for the credential at the target (e.g. display name) carrying rotation and job id, so orphans are findable.</param>
/// <param name="ExpiresAt">When the credential should stop working at the target, where the target supports expiry.</param>
public sealed record IssueRequest(ProviderContext Context, Guid JobId, int Slot, string Label, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// The engine-generated secret to set (for types whose descriptor has a password policy). Already sealed in the
    /// journal before this call, so a crash cannot lose it; setting the same value twice must be harmless.
    /// </summary>
    public string? GeneratedSecret { get; init; }

    /// <summary>The credential consumers use now, for targets where the old value authorises the change. Null on create.</summary>
    public IssuedCredential? Active { get; init; }

    /// <summary>True for the create's first issue: the moment to check what only a create relies on (e.g. an adopted credential exists).</summary>
    public bool IsCreate { get; init; }
}

public sealed record VerifyRequest(ProviderContext Context, IssuedCredential Credential);

public sealed record RevokeRequest(ProviderContext Context, string CredentialId);

public sealed record ListManagedRequest(ProviderContext Context, string LabelPrefix);

/// <summary>Reads back the current credential of a fixed slot (recovery after a target-generated regenerate, adoption at create).</summary>
public sealed record ReadSlotRequest(ProviderContext Context, int Slot);

/// <summary>A credential the provider created or set.</summary>
/// <param name="CredentialId">The target's id for it (an Azure keyId, a key or user name); not secret.</param>
/// <param name="Values">Output name to value (e.g. clientId, clientSecret); mapped into secrets by the engine.</param>
public sealed record IssuedCredential(string CredentialId, IReadOnlyDictionary<string, string> Values, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// On a create that adopts a credential made outside Keyturn (<see cref="RotationPlan.AdoptedCredentialId"/>): its
    /// expiry as the target reports it, so the adopted slot can be warned about like any other; null when unknown.
    /// </summary>
    public DateTimeOffset? AdoptedExpiresAt { get; init; }
}

/// <summary>A credential found at the target carrying Keyturn's label.</summary>
public sealed record ManagedCredential(string CredentialId, string? Label, DateTimeOffset? ExpiresAt);
