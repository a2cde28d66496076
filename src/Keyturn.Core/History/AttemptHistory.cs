namespace Keyturn.Core.History;

/// <summary>
/// One attempt as the history shows it: how it started and ended, and what it changed at the target. Built from the
/// job row and the allow-listed facts of its journal, so it never holds a secret.
/// </summary>
/// <param name="TargetSlot">The slot the attempt filled (rotations); null for a connection's own credential.</param>
public sealed record AttemptHistory(
    Guid JobId,
    string Trigger,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Message,
    int? TargetSlot,
    IReadOnlyList<TargetChange> Changes);
