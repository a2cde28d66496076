namespace Keyturn.Core.Providers;

/// <summary>What one rotation of a type uses, decided by its parameters.</summary>
/// <param name="SlotCount">2 for dual-phase, 1 for single-phase (e.g. a storage rotation given one key name).</param>
/// <param name="Outputs">The outputs this rotation produces; a mapping may name only these.</param>
public sealed record RotationPlan(int SlotCount, IReadOnlyList<OutputSpec> Outputs)
{
    /// <summary>
    /// Dual-phase additive types: a credential made outside Keyturn that consumers use today (Akeyless "api-id",
    /// Keeper's "secrets it did not create"). The create records it in the inactive slot, so it stays valid until the
    /// first rotation after create, which revokes it like any previous credential.
    /// </summary>
    public string? AdoptedCredentialId { get; init; }

    /// <summary>
    /// False when this rotation takes no engine-generated secret although its type can (a script in NOOP mode changes
    /// the credential itself): the engine then journals no value before the call, and recovery re-runs the change.
    /// </summary>
    public bool GeneratesSecret { get; init; } = true;
}
