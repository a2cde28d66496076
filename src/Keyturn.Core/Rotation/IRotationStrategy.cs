using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Rotation;

/// <summary>
/// How one credential shape is rotated and recovered (docs/rotation-engine.md has each strategy's crash table).
/// The engine claims the rotation and builds the attempt; the strategy owns the journal steps from there.
/// </summary>
internal interface IRotationStrategy
{
    /// <summary>The slot an attempt fills.</summary>
    int TargetSlot(SecretRotation rotation, RotationPlan plan, string trigger);

    /// <summary>Runs a new attempt; the job is not started yet (the strategy writes it with its first intent).</summary>
    Task<Result<SecretRotation>> RunAsync(RotationAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Finishes or rolls back an attempt a stop left open, from its journal.</summary>
    Task<Result<SecretRotation>> ResumeAsync(RotationAttempt attempt, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken);
}
