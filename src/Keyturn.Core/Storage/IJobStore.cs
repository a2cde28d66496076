using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface IJobStore
{
    /// <summary>
    /// Inserts the job and its first journal entries in one transaction, so the intent of the attempt's first side
    /// effect is durable with the job itself.
    /// </summary>
    Task StartJobAsync(RotationJob job, IReadOnlyList<JournalEntry> firstEntries, CancellationToken cancellationToken);

    Task<RotationJob?> GetJobAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Jobs still "running" (for recovery), oldest first.</summary>
    Task<IReadOnlyList<RotationJob>> ListOpenJobsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Jobs still "running" whose rotation's lease is not held or expired at <paramref name="now"/>, oldest first:
    /// nobody is working on them any more, so any node may recover them.
    /// </summary>
    Task<IReadOnlyList<RotationJob>> ListAbandonedJobsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> of the rotation's jobs, newest first (ties by id), starting after
    /// <paramref name="after"/> when given: keyset paging for the history.
    /// </summary>
    Task<IReadOnlyList<RotationJob>> ListJobsAsync(Guid rotationId, JobCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The journals of the given jobs ordered by job and sequence, read together (one query for up to 100 jobs).</summary>
    Task<IReadOnlyList<JournalEntry>> GetJournalsAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken);

    /// <summary>Appends one entry; (JobId, Sequence) is unique.</summary>
    Task AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Appends all entries (and empties the slot, if given) in one transaction: a taken sequence stores none of them.
    /// </summary>
    Task AppendJournalAsync(JournalAppend append, CancellationToken cancellationToken);

    /// <summary>The job's journal ordered by sequence.</summary>
    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Commits an activation in one transaction (see <see cref="RotationActivation"/>).</summary>
    Task CompleteActivationAsync(RotationActivation activation, CancellationToken cancellationToken);

    /// <summary>Ends the job as failed in one transaction (see <see cref="RotationFailure"/>).</summary>
    Task FailJobAsync(RotationFailure failure, CancellationToken cancellationToken);
}
