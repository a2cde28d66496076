using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.History;

/// <summary>
/// The attempts of a rotation, or of a connection rotating its own credential, newest first, a page at a time: one
/// query for the page of jobs and one for their journals, whatever the page size.
/// </summary>
public sealed class RotationHistory(IKeyturnStore store)
{
    /// <summary>A rotation's attempts; "not found" when it does not exist or is of another type than <see cref="HistoryQuery.Kind"/>.</summary>
    public async Task<Result<HistoryPage>> RotationAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await store.GetRotationAsync(query.Id, cancellationToken) is not { } rotation || rotation.Type != query.Kind)
        {
            return Problem.NotFound("Secret rotation", query.Id);
        }

        var jobs = await store.ListJobsAsync(rotation.Id, query.After, query.Limit + 1, cancellationToken);
        var page = jobs.Take(query.Limit).ToList();
        var journals = (await store.GetJournalsAsync(page.Select(j => j.Id).ToList(), cancellationToken)).ToLookup(e => e.JobId);
        var attempts = page.Select(job => new AttemptHistory(job.Id, job.Trigger, job.Status, job.StartedAt, job.EndedAt, job.Message, job.TargetSlot,
            WithIssuedSlot(JournalChanges.From(journals[job.Id]), job.TargetSlot))).ToList();
        return new HistoryPage(attempts, Next(jobs.Count > query.Limit, page.LastOrDefault() is { } last ? new JobCursor(last.StartedAt, last.Id) : null));
    }

    /// <summary>A connection's rotations of its own credential; "not found" when it does not exist or is of another app.</summary>
    public async Task<Result<HistoryPage>> ConnectionAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await store.GetConnectionAsync(query.Id, cancellationToken) is not { } connection || connection.App != query.Kind)
        {
            return Problem.NotFound("App connection", query.Id);
        }

        var jobs = await store.ListConnectionJobsAsync(connection.Id, query.After, query.Limit + 1, cancellationToken);
        var page = jobs.Take(query.Limit).ToList();
        var journals = (await store.GetConnectionJournalsAsync(page.Select(j => j.Id).ToList(), cancellationToken)).ToLookup(e => e.JobId);
        var attempts = page.Select(job => new AttemptHistory(job.Id, job.Trigger, job.Status, job.StartedAt, job.EndedAt, job.Message, null,
            JournalChanges.From(journals[job.Id]))).ToList();
        return new HistoryPage(attempts, Next(jobs.Count > query.Limit, page.LastOrDefault() is { } last ? new JobCursor(last.StartedAt, last.Id) : null));
    }

    private static JobCursor? Next(bool more, JobCursor? last) => more ? last : null;

    // An issue fills the job's target slot; its journal names only the credential.
    private static IReadOnlyList<TargetChange> WithIssuedSlot(IReadOnlyList<TargetChange> changes, int targetSlot) =>
        changes.Select(c => c is { Kind: TargetChangeKinds.Issued, Slot: null } ? c with { Slot = targetSlot } : c).ToList();
}
