namespace Keyturn.Core.Domain;

/// <summary>Ends a job as failed in one transaction: the rotation's state, the journal entry and the job.</summary>
public sealed record RotationFailure(
    SecretRotation Rotation,
    JournalEntry Journal,
    Guid JobId,
    DateTimeOffset At,
    string Message);
