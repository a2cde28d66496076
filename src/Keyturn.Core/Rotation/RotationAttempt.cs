using Keyturn.Core.Domain;
using Keyturn.Core.Providers;

namespace Keyturn.Core.Rotation;

/// <summary>
/// One attempt in progress: everything its steps need, passed as one object (as Polly passes one ResilienceContext)
/// instead of long parameter lists.
/// </summary>
internal sealed class RotationAttempt(SecretRotation rotation, RotationJob job, JobJournal journal, IRotationProvider provider, ProviderContext context, ParsedParameters parameters)
{
    public SecretRotation Rotation { get; } = rotation;

    public RotationJob Job { get; } = job;

    public JobJournal Journal { get; } = journal;

    public IRotationProvider Provider { get; } = provider;

    public ProviderContext Context { get; } = context;

    public ParsedParameters Parameters { get; } = parameters;

    /// <summary>Who asked for the attempt through the API, recorded with its outcome; null for the scheduler and recovery.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>
    /// Cancelled when the attempt is asked to stop (server shutdown): checked at journal boundaries, before a provider
    /// call, so a call under way finishes and its result is recorded (<see cref="RotationShutdown"/>).
    /// </summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>The label that marks what this attempt creates at the target.</summary>
    public string Label => RotationEngine.Label(Rotation.Id, Job.Id);

    public bool IsDualPhase => Parameters.Plan.SlotCount == 2;

    /// <summary>
    /// Set once the target may hold the attempt's new value while the old one is gone (single-phase, or any create,
    /// after its set call): from then on a failure must not discard the journaled value, and a failed create keeps its rotation.
    /// </summary>
    public bool TargetMayHoldNewValue { get; set; }

    public IssueRequest IssueRequest(DateTimeOffset? expiresAt) =>
        new(Context, Job.Id, Job.TargetSlot, Label, expiresAt) { IsCreate = Job.Trigger == JobTriggers.Create };
}
