using Keyturn.Core.History;
using Keyturn.Server.Http;

namespace Keyturn.Server.Views;

/// <summary>
/// History items as the API shows them: one attempt, with what it changed at the target. Built only from
/// <see cref="AttemptHistory"/>, which holds ids, slots and labels, never a secret.
/// </summary>
public static class HistoryJson
{
    /// <summary><c>{ "history": [...], "nextCursor": … }</c>: a rotation's attempts.</summary>
    public static RotationHistoryPage Rotation(HistoryPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new([.. page.Attempts.Select(a => new RotationAttemptJson(
            a.JobId, a.Trigger, a.Status, a.StartedAt, a.EndedAt, a.Message, a.TargetSlot, [.. a.Changes.Select(Change)]))], HistoryPaging.Encode(page.Next));
    }

    /// <summary>
    /// <c>{ "credentialRotations": [...], "nextCursor": … }</c>: a connection's rotations of its own credential, with the
    /// field names this route had before paging (id, connectionId) kept next to the history's own (jobId, changes).
    /// </summary>
    public static ConnectionHistoryPage Connection(Guid connectionId, HistoryPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new([.. page.Attempts.Select(a => new ConnectionAttemptJson(
            a.JobId, a.JobId, connectionId, a.Trigger, a.Status, a.StartedAt, a.EndedAt, a.Message, [.. a.Changes.Select(Change)]))], HistoryPaging.Encode(page.Next));
    }

    private static TargetChangeJson Change(TargetChange change) =>
        new(change.Kind, change.Step, change.CredentialId, change.Slot, change.Label, change.Outcome);
}

/// <param name="NextCursor">Pass as ?cursor= for the next page; null on the last page.</param>
public sealed record RotationHistoryPage(IReadOnlyList<RotationAttemptJson> History, string? NextCursor);

public sealed record RotationAttemptJson(
    Guid JobId, string Trigger, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Message, int? TargetSlot,
    IReadOnlyList<TargetChangeJson> Changes);

/// <param name="NextCursor">Pass as ?cursor= for the next page; null on the last page.</param>
public sealed record ConnectionHistoryPage(IReadOnlyList<ConnectionAttemptJson> CredentialRotations, string? NextCursor);

public sealed record ConnectionAttemptJson(
    Guid Id, Guid JobId, Guid ConnectionId, string Trigger, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Message,
    IReadOnlyList<TargetChangeJson> Changes);

/// <summary>One change an attempt made at the target: ids, slots and labels, never a secret.</summary>
public sealed record TargetChangeJson(string Kind, string Step, string? CredentialId, int? Slot, string? Label, string Outcome);
