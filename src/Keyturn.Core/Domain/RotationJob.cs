namespace Keyturn.Core.Domain;

/// <summary>One attempt to rotate. Open ("running") jobs are what recovery looks at after a crash.</summary>
/// <param name="Trigger">"create", "schedule", "manual" or "resume".</param>
/// <param name="Status">"running", "succeeded" or "failed".</param>
/// <param name="TargetSlot">The slot this attempt fills.</param>
public sealed record RotationJob(
    Guid Id,
    Guid RotationId,
    string Trigger,
    string Status,
    int TargetSlot,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Message);
