namespace Keyturn.Core.Audit;

/// <summary>
/// Recomputes the trail's hash chain one entry at a time, in sequence order, and names the first entry that was
/// changed, inserted or removed. It holds one entry back, because telling an inserted entry from an edited one needs
/// the entry after it: an inserted entry is skipped by its successor's link, an edited one is not.
/// </summary>
public sealed class AuditChainVerifier
{
    private string _previousHash = AuditChain.GenesisHash;
    private long _previousSequence;
    private ChainedAuditEntry? _held;

    /// <summary>How many entries matched their hashes and links so far.</summary>
    public long Verified { get; private set; }

    /// <summary>The sequence and hash of the last entry that matched, to compare with the chain head.</summary>
    public (long Sequence, string Hash) Head => (_previousSequence, _previousHash);

    /// <summary>Takes the next entry in sequence order; returns the first break once one is certain.</summary>
    public AuditChainBreak? Add(ChainedAuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence is null)
        {
            throw new ArgumentException("Only chained entries (schema version 8 and later) can be verified.", nameof(entry));
        }

        var held = _held;
        _held = entry;
        return held is null ? null : Judge(held, entry);
    }

    /// <summary>
    /// Judges the last entry and, when the store's chain head is known, checks that nothing was cut off the end
    /// (a removed last entry leaves no broken link behind it).
    /// </summary>
    public AuditChainBreak? Complete(long? headSequence, string? headHash)
    {
        if (_held is { } held)
        {
            _held = null;
            if (Judge(held, next: null) is { } broken)
            {
                return broken;
            }
        }

        if (headSequence is { } sequence && (sequence != _previousSequence || !string.Equals(headHash, _previousHash, StringComparison.Ordinal)))
        {
            return sequence > _previousSequence
                ? new AuditChainBreak(AuditChainBreakKind.Removed, _previousSequence + 1, null,
                    $"entries {_previousSequence + 1} to {sequence} are missing after entry {_previousSequence} (the chain head names {sequence})")
                : new AuditChainBreak(AuditChainBreakKind.Inserted, sequence, null,
                    $"the chain head names entry {sequence}, but the trail goes on to {_previousSequence} or its hash differs");
        }

        return null;
    }

    private AuditChainBreak? Judge(ChainedAuditEntry entry, ChainedAuditEntry? next)
    {
        var sequence = entry.Sequence!.Value;
        var id = entry.Entry.Id;
        var selfConsistent = entry.PreviousHash is not null &&
            string.Equals(AuditChain.Hash(entry.Entry, sequence, entry.PreviousHash), entry.Hash, StringComparison.Ordinal);
        var linked = sequence == _previousSequence + 1 && string.Equals(entry.PreviousHash, _previousHash, StringComparison.Ordinal);
        if (selfConsistent && linked)
        {
            _previousHash = entry.Hash!;
            _previousSequence = sequence;
            Verified++;
            return null;
        }

        if (linked)
        {
            return new AuditChainBreak(AuditChainBreakKind.Changed, sequence, id, $"entry {sequence} ({id}) was changed: its fields no longer match its hash");
        }

        var skippedByNext = next is not null && string.Equals(next.PreviousHash, _previousHash, StringComparison.Ordinal);
        if (skippedByNext || (next is null && !selfConsistent))
        {
            return new AuditChainBreak(AuditChainBreakKind.Inserted, sequence, id,
                $"entry {sequence} ({id}) was inserted: it does not link to entry {_previousSequence}{(skippedByNext ? ", and the entry after it does" : "")}");
        }

        if (selfConsistent)
        {
            var missing = sequence > _previousSequence + 1 ? $"entries {_previousSequence + 1} to {sequence - 1}" : "an entry";
            return new AuditChainBreak(AuditChainBreakKind.Removed, sequence, id,
                $"{missing} before entry {sequence} ({id}) were removed: it links to an entry that is no longer there");
        }

        return new AuditChainBreak(AuditChainBreakKind.Changed, sequence, id, $"entry {sequence} ({id}) was changed: neither its hash nor its link match");
    }
}
