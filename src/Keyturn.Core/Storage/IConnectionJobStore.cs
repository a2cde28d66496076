using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

/// <summary>
/// A connection's rotation of its own credential: its schedule, its lease (single flight across nodes, as for
/// rotations) and its jobs with their journal, in tables of their own.
/// </summary>
public interface IConnectionJobStore
{
    /// <summary>
    /// Changes name, description and the credential rotation settings (with the next time they give). False when the
    /// connection does not exist; conflict when the name is taken.
    /// </summary>
    Task<bool> UpdateConnectionSettingsAsync(
        Guid id, string name, string? description, CredentialRotationSettings settings, DateTimeOffset? nextRotationAt, DateTimeOffset updatedAt,
        CancellationToken cancellationToken);

    /// <summary>
    /// Claims the connection for <paramref name="owner"/> until <paramref name="until"/> when it has no lease, an expired
    /// one or one this owner holds; returns the connection as it stands under the claim, null when the claim failed.
    /// </summary>
    Task<AppConnection?> TryClaimConnectionAsync(Guid id, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Releases the lease if <paramref name="owner"/> holds it.</summary>
    Task ReleaseConnectionLeaseAsync(Guid id, string owner, CancellationToken cancellationToken);

    /// <summary>Ids of connections with credential auto-rotation on and due at <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<Guid>> ListDueConnectionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Inserts the job and its first journal entries in one transaction.</summary>
    Task StartConnectionJobAsync(ConnectionJob job, IReadOnlyList<JournalEntry> firstEntries, CancellationToken cancellationToken);

    /// <summary>Appends the entries in one transaction; (JobId, Sequence) is unique.</summary>
    Task AppendConnectionJournalAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken);

    /// <summary>The job's journal ordered by sequence.</summary>
    Task<IReadOnlyList<JournalEntry>> GetConnectionJournalAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>The connection's jobs, newest first.</summary>
    Task<IReadOnlyList<ConnectionJob>> ListConnectionJobsAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> of the connection's jobs, newest first (ties by id), starting after
    /// <paramref name="after"/> when given: keyset paging for the history.
    /// </summary>
    Task<IReadOnlyList<ConnectionJob>> ListConnectionJobsAsync(Guid connectionId, JobCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The journals of the given jobs ordered by job and sequence, read together (one query for up to 100 jobs).</summary>
    Task<IReadOnlyList<JournalEntry>> GetConnectionJournalsAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken);

    /// <summary>Jobs still running whose connection's lease is not held or expired at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<ConnectionJob>> ListAbandonedConnectionJobsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Commits an activation in one transaction; conflict when the lease is not held or the job is not running.</summary>
    Task CompleteConnectionCredentialActivationAsync(ConnectionCredentialActivation activation, CancellationToken cancellationToken);

    /// <summary>Ends the job as failed in one transaction; conflict when the lease is not held or the job is not running.</summary>
    Task FailConnectionJobAsync(ConnectionJobFailure failure, CancellationToken cancellationToken);
}
