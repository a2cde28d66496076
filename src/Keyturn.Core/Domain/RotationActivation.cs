namespace Keyturn.Core.Domain;

/// <summary>
/// Everything that makes a verified credential live, committed in one transaction: the slot, the rotation's
/// new state (active index flipped, status, times), the mapped secrets' new versions, the journal entries (verify
/// result, activate result) and the job's end. A consumer therefore never sees half an activation.
/// The audit entries and the lease release ride in the same transaction only to save a durable write each;
/// releasing is harmless when the lease is already gone.
/// </summary>
public sealed record RotationActivation(
    RotationSlot Slot,
    SecretRotation Rotation,
    IReadOnlyList<SecretVersionWrite> SecretWrites,
    IReadOnlyList<JournalEntry> Journal,
    Guid JobId,
    DateTimeOffset At,
    string? Message)
{
    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];

    /// <summary>
    /// A create that adopts a credential made outside Keyturn: the inactive slot recording it, written with the
    /// activation so the first rotation finds it there and revokes it.
    /// </summary>
    public RotationSlot? AdoptedSlot { get; init; }

    /// <summary>When set, the activation commits only while this owner holds the rotation's lease (a StoreConflictException otherwise).</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When set, the rotation's lease is released if this owner holds it.</summary>
    public string? ReleaseLeaseOwner { get; init; }
}
