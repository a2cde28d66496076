namespace Keyturn.Core.Audit;

/// <summary>How the first broken link of the trail was broken.</summary>
public enum AuditChainBreakKind
{
    /// <summary>An entry's fields no longer hash to its stored hash: it was edited.</summary>
    Changed,

    /// <summary>An entry does not belong between its neighbours: the one after it links past it.</summary>
    Inserted,

    /// <summary>Entries are missing before the named one (or after the last one, against the chain head).</summary>
    Removed,
}

/// <summary>The first place the trail stops matching its hashes: the entry's sequence number and id, and why.</summary>
public sealed record AuditChainBreak(AuditChainBreakKind Kind, long Sequence, Guid? EntryId, string Message);
