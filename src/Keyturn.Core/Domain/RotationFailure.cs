namespace Keyturn.Core.Domain;

/// <summary>Ends a job as failed in one transaction: the rotation's outcome fields, the journal entry, the job and its audit entries.</summary>
public sealed record RotationFailure(
    SecretRotation Rotation,
    JournalEntry Journal,
    Guid JobId,
    DateTimeOffset At,
    string Message)
{
    /// <summary>When set, the failure commits only while this owner holds the rotation's lease (a StoreConflictException otherwise).</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Audit entries that commit with the failure, so none is lost to a stop between two writes and none costs a write of its own.</summary>
    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];
}
