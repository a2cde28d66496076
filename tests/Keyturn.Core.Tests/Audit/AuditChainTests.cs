using Keyturn.Core.Audit;
using Keyturn.Core.Domain;

namespace Keyturn.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private static AuditEntry Entry(int i) =>
        new(Guid.NewGuid(), T0.AddSeconds(i), "token:root", "secret.get", "secret", "KEY" + i, Guid.NewGuid(), "{\"status\":200}")
        {
            SourceIp = "127.0.0.1",
            Outcome = AuditOutcomes.Success,
            RequestId = "r" + i,
        };

    /// <summary>A chain as the store builds it: sequence 1.., each linked to the hash before it.</summary>
    private static List<ChainedAuditEntry> Chain(int count)
    {
        var chain = new List<ChainedAuditEntry>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var entry = Entry(i);
            var hash = AuditChain.Hash(entry, i, previous);
            chain.Add(new ChainedAuditEntry(entry, i, previous, hash));
            previous = hash;
        }

        return chain;
    }

    private static AuditChainBreak? Verify(IEnumerable<ChainedAuditEntry> entries, (long, string)? head = null)
    {
        var verifier = new AuditChainVerifier();
        foreach (var entry in entries)
        {
            if (verifier.Add(entry) is { } broken)
            {
                return broken;
            }
        }

        return verifier.Complete(head?.Item1, head?.Item2);
    }

    [Fact]
    public void Hash_EveryField_ChangesTheHash()
    {
        var entry = Entry(1);
        var hash = AuditChain.Hash(entry, 1, AuditChain.GenesisHash);
        AuditEntry[] variants =
        [
            entry with { Id = Guid.NewGuid() }, entry with { At = entry.At.AddMilliseconds(1) }, entry with { Actor = "token:other" },
            entry with { IdentityId = "id" }, entry with { SourceIp = "10.0.0.1" }, entry with { Action = "secret.update" },
            entry with { ResourceType = "webhook" }, entry with { ResourceId = null }, entry with { ProjectId = null },
            entry with { Outcome = AuditOutcomes.Refused }, entry with { RequestId = "other" }, entry with { DetailsJson = "{}" },
        ];

        Assert.Equal(64, hash.Length);
        Assert.All(variants, v => Assert.NotEqual(hash, AuditChain.Hash(v, 1, AuditChain.GenesisHash)));
        Assert.NotEqual(hash, AuditChain.Hash(entry, 2, AuditChain.GenesisHash));
        Assert.NotEqual(hash, AuditChain.Hash(entry, 1, new string('1', 64)));
        // Null and empty are different values; moving text between neighbouring fields changes the hash.
        Assert.NotEqual(AuditChain.Hash(entry with { ResourceId = "" }, 1, AuditChain.GenesisHash), AuditChain.Hash(entry with { ResourceId = null }, 1, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.Hash(entry with { Action = "ab", ResourceType = "c" }, 1, AuditChain.GenesisHash),
            AuditChain.Hash(entry with { Action = "a", ResourceType = "bc" }, 1, AuditChain.GenesisHash));
        Assert.Equal(hash, AuditChain.Hash(entry with { }, 1, AuditChain.GenesisHash));
    }

    [Fact]
    public void Verify_UntouchedChain_PassesUpToTheHead()
    {
        var chain = Chain(5);
        Assert.Null(Verify(chain, (5, chain[^1].Hash!)));
        Assert.Null(Verify([]));
        // Entries appended after the head was read are checked by their links like the others.
        Assert.Null(Verify(chain, (3, chain[2].Hash!)));
    }

    [Fact]
    public void CheckUnchained_MoreRowsWithoutSequenceThanBeforeTheChain_NamesTheNewest()
    {
        var inserted = Guid.NewGuid();

        var broken = AuditChainVerifier.CheckUnchained(legacyEntries: 2, unchainedEntries: 3, [inserted]);

        Assert.Equal((AuditChainBreakKind.Inserted, (Guid?)inserted), (broken!.Kind, broken.EntryId));
        Assert.Equal(AuditChainBreakKind.Removed, AuditChainVerifier.CheckUnchained(2, 1, [])!.Kind);
        Assert.Null(AuditChainVerifier.CheckUnchained(2, 2, []));
    }

    [Fact]
    public void Verify_EditedEntry_NamesItAsChanged()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Entry = chain[2].Entry with { Actor = "someone-else" } };

        var broken = Verify(chain, (5, chain[^1].Hash!));

        Assert.Equal((AuditChainBreakKind.Changed, 3L, chain[2].Entry.Id), (broken!.Kind, broken.Sequence, broken.EntryId));
    }

    [Fact]
    public void Verify_RemovedEntry_NamesTheEntryAfterTheGap()
    {
        var chain = Chain(5);
        var after = chain[3];
        chain.RemoveAt(2);

        var broken = Verify(chain, (5, chain[^1].Hash!));

        Assert.Equal((AuditChainBreakKind.Removed, 4L, after.Entry.Id), (broken!.Kind, broken.Sequence, broken.EntryId));
        Assert.Contains("entries 3 to 3", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RemovedLastEntry_IsCaughtAgainstTheHead()
    {
        var chain = Chain(5);
        var head = (5L, chain[^1].Hash!);
        chain.RemoveAt(4);

        var broken = Verify(chain, head);

        Assert.Equal((AuditChainBreakKind.Removed, 5L), (broken!.Kind, broken.Sequence));
    }

    [Fact]
    public void Verify_InsertedEntryCopyingANeighboursLinks_NamesItAsInserted()
    {
        // Sequence numbers are unique in the store, so an insert in the middle shifts the rows after it; an insert
        // with a fresh number is the row the next entry's link skips.
        var chain = Chain(5);
        var forged = new ChainedAuditEntry(Entry(99), 3, chain[1].PreviousHash, chain[1].Hash);
        var tampered = chain.Take(2).Append(forged).Concat(chain.Skip(2).Select(c => c with { Sequence = c.Sequence + 1 })).ToList();

        var broken = Verify(tampered, (6, tampered[^1].Hash!));

        Assert.Equal((AuditChainBreakKind.Inserted, 3L, forged.Entry.Id), (broken!.Kind, broken.Sequence, broken.EntryId));
    }

    [Fact]
    public void Verify_EntryAppendedWithoutTheChain_NamesItAsInserted()
    {
        var chain = Chain(3);
        var forged = new ChainedAuditEntry(Entry(99), 4, chain[0].Hash, chain[0].Hash);

        var broken = Verify([.. chain, forged], (3, chain[^1].Hash!));

        Assert.Equal((AuditChainBreakKind.Inserted, 4L, forged.Entry.Id), (broken!.Kind, broken.Sequence, broken.EntryId));
    }
}
