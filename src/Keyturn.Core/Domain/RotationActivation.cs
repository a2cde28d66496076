namespace Keyturn.Core.Domain;

/// <summary>
/// Everything that makes a verified credential live, committed in one transaction: the slot, the rotation's
/// new state (active index flipped, status, times), the mapped secrets' new versions, the journal result and
/// the job's end. A consumer therefore never sees half an activation.
/// </summary>
public sealed record RotationActivation(
    RotationSlot Slot,
    SecretRotation Rotation,
    IReadOnlyList<SecretVersionWrite> SecretWrites,
    JournalEntry Journal,
    Guid JobId,
    DateTimeOffset At,
    string? Message);
