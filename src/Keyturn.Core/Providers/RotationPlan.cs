namespace Keyturn.Core.Providers;

/// <summary>What one rotation of a type uses, decided by its parameters.</summary>
/// <param name="SlotCount">2 for dual-phase, 1 for single-phase (e.g. a storage rotation given one key name).</param>
/// <param name="Outputs">The outputs this rotation produces; a mapping may name only these.</param>
public sealed record RotationPlan(int SlotCount, IReadOnlyList<OutputSpec> Outputs);
