namespace Keyturn.Core.Domain;

/// <summary>
/// Journal entries committed together, in one transaction: a step's result and the next step's intent, so a rotation
/// pays one durable write per provider call instead of two. <see cref="EmptySlot"/> is emptied in the same transaction
/// (the revoke-inactive result says its credential is gone, so the slot must not outlive that entry).
/// </summary>
public sealed record JournalAppend(IReadOnlyList<JournalEntry> Entries, SlotRef? EmptySlot = null);

/// <summary>Names one slot of a rotation.</summary>
public sealed record SlotRef(Guid RotationId, int Index);
