namespace Keyturn.Core.Domain;

/// <summary>Ends a job as failed in one transaction: the rotation's outcome fields, the journal entry and the job.</summary>
public sealed record RotationFailure(
    SecretRotation Rotation,
    JournalEntry Journal,
    Guid JobId,
    DateTimeOffset At,
    string Message)
{
    /// <summary>When set, the failure commits only while this owner holds the rotation's lease (a StoreConflictException otherwise).</summary>
    public string? LeaseOwner { get; init; }
}
