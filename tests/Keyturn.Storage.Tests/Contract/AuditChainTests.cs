using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    private static AuditEntry AuditAt(int second, string actor = "token:root", string action = "secret.get", string resourceId = "KEY", Guid? projectId = null) =>
        new(Guid.NewGuid(), At(second), actor, action, "secret", resourceId, projectId, "{\"status\":200}")
        {
            SourceIp = "127.0.0.1",
            Outcome = AuditOutcomes.Success,
            RequestId = "req-" + second,
        };

    [ContractFact]
    public async Task AppendAuditAsync_ManyInParallelFromTwoNodes_FormOneUnbrokenChain()
    {
        await using var second = await OpenSecondStoreAsync();
        var entries = Enumerable.Range(0, 120).Select(i => AuditAt(i % 7, actor: "node-" + (i % 2))).ToList();

        await Task.WhenAll(entries.Select((e, i) => (i % 2 == 0 ? Store : second).AppendAuditAsync(e, Ct)));

        var chain = await Store.ReadAuditChainAsync(0, 1000, Ct);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long?)i), chain.Select(c => c.Sequence));
        Assert.Equal(entries.Select(e => e.Id).Order(), chain.Select(c => c.Entry.Id).Order());
        var verifier = new AuditChainVerifier();
        Assert.All(chain, c => Assert.Null(verifier.Add(c)));
        var head = await Store.ReadAuditChainHeadAsync(Ct);
        Assert.Null(verifier.Complete(head.Sequence, head.Hash));
        Assert.Equal((entries.Count, chain[^1].Hash, 0L, 0L), (head.Sequence, head.Hash, head.LegacyEntries, head.UnchainedEntries));
        Assert.Empty(await Store.ListUnchainedAuditAsync(10, Ct));
    }

    [ContractFact]
    public async Task AppendAuditAsync_Entry_KeepsEveryFieldAndHashesThemWithThePreviousHash()
    {
        var first = AuditAt(1) with { ProjectId = Guid.NewGuid() };
        var next = AuditAt(2) with { IdentityId = "identity-1", SourceIp = "::1", Outcome = AuditOutcomes.Refused, ResourceId = null };
        await Store.AppendAuditAsync(first, Ct);
        await Store.AppendAuditAsync(next, Ct);

        var chain = await Store.ReadAuditChainAsync(0, 10, Ct);

        Assert.Equal([first, next], chain.Select(c => c.Entry));
        Assert.Equal(AuditChain.GenesisHash, chain[0].PreviousHash);
        Assert.Equal(AuditChain.Hash(first, 1, AuditChain.GenesisHash), chain[0].Hash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(AuditChain.Hash(next, 2, chain[0].Hash!), chain[1].Hash);
        Assert.Equal([next], (await Store.ReadAuditChainAsync(1, 10, Ct)).Select(c => c.Entry));
    }

    [ContractFact]
    public async Task QueryAuditAsync_Filters_MatchExactlyAndTimeRangeIsHalfOpen()
    {
        var project = Guid.NewGuid();
        var read = AuditAt(1, projectId: project);
        var write = AuditAt(2, actor: "token:ci", action: "secret.update", resourceId: "OTHER", projectId: project);
        var elsewhere = AuditAt(3, action: "secret.update");
        foreach (var entry in new[] { read, write, elsewhere })
        {
            await Store.AppendAuditAsync(entry, Ct);
        }

        async Task<Guid[]> Ids(AuditQuery query) => [.. (await Store.QueryAuditAsync(query, Ct)).Select(c => c.Entry.Id)];

        Assert.Equal([elsewhere.Id, write.Id, read.Id], await Ids(new AuditQuery()));
        Assert.Equal([write.Id], await Ids(new AuditQuery { Actor = "token:ci" }));
        Assert.Equal([elsewhere.Id, write.Id], await Ids(new AuditQuery { Action = "secret.update" }));
        Assert.Equal([write.Id], await Ids(new AuditQuery { ResourceType = "secret", ResourceId = "OTHER" }));
        Assert.Equal([write.Id, read.Id], await Ids(new AuditQuery { ProjectId = project }));
        Assert.Equal([write.Id], await Ids(new AuditQuery { From = At(2), To = At(3) }));
        Assert.Empty(await Ids(new AuditQuery { Actor = "token:ci", Action = "secret.get" }));
    }

    [ContractFact]
    public async Task QueryAuditAsync_PagedByCursor_ReturnsEveryEntryOnceNewestFirst()
    {
        // Several entries share a millisecond: the cursor must order them by id, not skip or repeat them.
        var entries = Enumerable.Range(0, 25).Select(i => AuditAt(i / 4)).ToList();
        foreach (var entry in entries)
        {
            await Store.AppendAuditAsync(entry, Ct);
        }

        var seen = new List<ChainedAuditEntry>();
        (DateTimeOffset, Guid)? before = null;
        while (true)
        {
            var page = await Store.QueryAuditAsync(new AuditQuery { Limit = 6, Before = before }, Ct);
            seen.AddRange(page);
            if (page.Count < 6)
            {
                break;
            }

            before = (page[^1].Entry.At, page[^1].Entry.Id);
        }

        Assert.Equal(entries.Count, seen.Count);
        Assert.Equal(entries.Select(e => e.Id).Order(), seen.Select(s => s.Entry.Id).Order());
        Assert.Equal(seen.Select(s => s.Entry.At).OrderDescending(), seen.Select(s => s.Entry.At));
    }

    [ContractFact]
    public async Task ReadAuditChainHeadAsync_RowInsertedWithoutSequence_IsCountedAndListed()
    {
        await Store.AppendAuditAsync(AuditAt(1), Ct);
        var forged = Guid.NewGuid();
        await using (var connection = CreateRawConnection())
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            // Written as an intruder would, around the store: no sequence number, no hashes.
            command.CommandText = $$"""
                INSERT INTO audit_entries (id, at, actor, audit_action, resource_type, details_json)
                VALUES ('{{forged}}', {{At(2).ToUnixTimeMilliseconds()}}, 'token:root', 'secret.get', 'secret', '{}')
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        var head = await Store.ReadAuditChainHeadAsync(Ct);

        Assert.Equal((1L, 0L, 1L), (head.Sequence, head.LegacyEntries, head.UnchainedEntries));
        Assert.Equal([forged], (await Store.ListUnchainedAuditAsync(10, Ct)).Select(e => e.Id));
        Assert.Equal(AuditChainBreakKind.Inserted, AuditChainVerifier.CheckUnchained(head.LegacyEntries, head.UnchainedEntries, [forged])!.Kind);
    }
}
