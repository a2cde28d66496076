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
    /// Judges the last entry and checks it against the store's chain head, read before the last page: a removed last
    /// entry leaves no broken link behind it, only a head further on. Entries past the head were appended since, and
    /// their links were checked like all others.
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

        if (headSequence is { } sequence && sequence > _previousSequence)
        {
            return new AuditChainBreak(AuditChainBreakKind.Removed, _previousSequence + 1, null,
                $"entries {_previousSequence + 1} to {sequence} were removed after entry {_previousSequence}: the chain head names entry {sequence}");
        }

        if (headSequence == _previousSequence && headSequence > 0 && !string.Equals(headHash, _previousHash, StringComparison.Ordinal))
        {
            return new AuditChainBreak(AuditChainBreakKind.Changed, _previousSequence, null,
                $"entry {_previousSequence} does not match the hash the chain head recorded for it");
        }

        return null;
    }

    /// <summary>
    /// Rows without a sequence number are those written before the chain started; any more than the head counted
    /// were inserted around the chain (<paramref name="newestUnchained"/> names them), any fewer were removed.
    /// </summary>
    public static AuditChainBreak? CheckUnchained(long legacyEntries, long unchainedEntries, IReadOnlyList<Guid> newestUnchained)
    {
        ArgumentNullException.ThrowIfNull(newestUnchained);
        if (unchainedEntries > legacyEntries)
        {
            var id = newestUnchained.Count > 0 ? newestUnchained[0] : (Guid?)null;
            return new AuditChainBreak(AuditChainBreakKind.Inserted, 0, id,
                $"entry {id} was inserted without a sequence number ({unchainedEntries - legacyEntries} such row(s) beyond the {legacyEntries} written before the chain started)");
        }

        return unchainedEntries < legacyEntries
            ? new AuditChainBreak(AuditChainBreakKind.Removed, 0, null,
                $"{legacyEntries - unchainedEntries} of the {legacyEntries} entries written before the chain started were removed")
            : null;
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
