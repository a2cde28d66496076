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
    public static object Rotation(HistoryPage page) => new
    {
        history = page.Attempts.Select(a => new
        {
            jobId = a.JobId,
            trigger = a.Trigger,
            status = a.Status,
            startedAt = a.StartedAt,
            endedAt = a.EndedAt,
            message = a.Message,
            targetSlot = a.TargetSlot,
            changes = a.Changes.Select(Change),
        }),
        nextCursor = HistoryPaging.Encode(page.Next),
    };

    /// <summary>
    /// <c>{ "credentialRotations": [...], "nextCursor": … }</c>: a connection's rotations of its own credential, with the
    /// field names this route had before paging (id, connectionId) kept next to the history's own (jobId, changes).
    /// </summary>
    public static object Connection(Guid connectionId, HistoryPage page) => new
    {
        credentialRotations = page.Attempts.Select(a => new
        {
            id = a.JobId,
            jobId = a.JobId,
            connectionId,
            trigger = a.Trigger,
            status = a.Status,
            startedAt = a.StartedAt,
            endedAt = a.EndedAt,
            message = a.Message,
            changes = a.Changes.Select(Change),
        }),
        nextCursor = HistoryPaging.Encode(page.Next),
    };

    private static object Change(TargetChange change) => new
    {
        kind = change.Kind,
        step = change.Step,
        credentialId = change.CredentialId,
        slot = change.Slot,
        label = change.Label,
        outcome = change.Outcome,
    };
}
