using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface IJobStore
{
    Task StartJobAsync(RotationJob job, CancellationToken cancellationToken);

    Task<RotationJob?> GetJobAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Jobs still "running" (for recovery), oldest first.</summary>
    Task<IReadOnlyList<RotationJob>> ListOpenJobsAsync(CancellationToken cancellationToken);

    /// <summary>Appends one entry; (JobId, Sequence) is unique.</summary>
    Task AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>The job's journal ordered by sequence.</summary>
    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Commits an activation in one transaction (see <see cref="RotationActivation"/>).</summary>
    Task CompleteActivationAsync(RotationActivation activation, CancellationToken cancellationToken);

    /// <summary>Ends the job as failed in one transaction (see <see cref="RotationFailure"/>).</summary>
    Task FailJobAsync(RotationFailure failure, CancellationToken cancellationToken);
}
