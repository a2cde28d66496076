namespace Keyturn.Core.Domain;

/// <summary>
/// Activates a connection's new credential in one transaction: the new sealed credentials and credential ids, the
/// rotation times and status, the job's end, its last journal entries, the audit entry and the lease release. Commits
/// only while <see cref="LeaseOwner"/> holds the connection's lease and the job is running.
/// </summary>
public sealed record ConnectionCredentialActivation(
    Guid ConnectionId,
    Guid JobId,
    byte[] SealedCredentials,
    CredentialRotationState State,
    DateTimeOffset At,
    string Message,
    IReadOnlyList<JournalEntry> Journal,
    AuditEntry Audit,
    string LeaseOwner);

/// <summary>Ends a connection job as failed in one transaction: status, message, next time, fail entry, audit entry; guarded by the lease.</summary>
public sealed record ConnectionJobFailure(
    Guid ConnectionId,
    Guid JobId,
    CredentialRotationState State,
    DateTimeOffset At,
    string Message,
    JournalEntry Journal,
    AuditEntry Audit,
    string LeaseOwner);
