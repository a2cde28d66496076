using Keyturn.Core.Rotation;

namespace Keyturn.Core.Providers;

/// <summary>
/// What a rotation type is, as the options route shows it and the engine and CLI read it: its connection family,
/// shape, the most slots it uses, its parameters and its outputs. Per-rotation details (a one-key storage rotation
/// has one slot; a script's outputs depend on its parameters) come from <see cref="IRotationProvider.Plan"/>.
/// </summary>
/// <param name="Type">The rotation type in the API path, e.g. "azure-client-secret".</param>
/// <param name="ConnectionApp">The app connection family it acts with, e.g. "azure".</param>
/// <param name="MaxSlots">2 for dual-phase types (overlapping validity), 1 for single-phase.</param>
/// <param name="PasswordPolicy">
/// The default policy for engine-generated secrets; null when the target makes the secret itself (Azure client
/// secrets, storage keys), in which case the engine generates nothing.
/// </param>
public sealed record ProviderDescriptor(
    string Type,
    string ConnectionApp,
    RotationShape Shape,
    int MaxSlots,
    string Description,
    IReadOnlyList<ParameterSpec> Parameters,
    IReadOnlyList<OutputSpec> Outputs,
    PasswordPolicy? PasswordPolicy = null)
{
    public bool GeneratesSecret => PasswordPolicy is not null;

    /// <summary>
    /// Fixed-slot types whose target makes the value (storage account keys): a create reads the first slot's current
    /// value back (<see cref="IRotationProvider.ReadSlotAsync"/>), verifies and maps it instead of regenerating, so
    /// consumers already using it are not disturbed; regenerating starts with the first rotation, on the other slot.
    /// </summary>
    public bool AdoptsCurrentOnCreate { get; init; }
}
