using Keyturn.Core.Domain;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

/// <summary>The reminder scans' reads: upcoming rotations of a project, and slots by credential expiry (migration 7).</summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task ListUpcomingRotationsAsync_MixedRotations_ReturnsTheProjectsAutoOnesInTheWindowEarliestFirst()
    {
        var seed = await SeedAsync();
        var other = await SeedAsync("other");
        var connection = await CreateConnectionAsync();
        var (from, until) = (At(100), At(200));
        var atUntil = NewRotation(seed, connection, "at-until", next: until);
        var justAfterFrom = NewRotation(seed, connection, "just-after-from", next: from.AddMilliseconds(1));
        var inside = NewRotation(seed, connection, "inside", next: At(150));
        var atFrom = NewRotation(seed, connection, "at-from", next: from);
        var beyond = NewRotation(seed, connection, "beyond", next: until.AddMilliseconds(1));
        var manualOnly = NewRotation(seed, connection, "auto-off", auto: false, next: At(150));
        var unscheduled = NewRotation(seed, connection, "unscheduled", next: null);
        var otherProject = NewRotation(other, connection, "other-project", next: At(150));
        foreach (var rotation in new[] { atUntil, justAfterFrom, inside, atFrom, beyond, manualOnly, unscheduled, otherProject })
        {
            await Store.CreateRotationAsync(rotation, Ct);
        }

        var upcoming = await Store.ListUpcomingRotationsAsync(seed.Project.Id, from, until, null, 10, Ct);

        Assert.Equal(
            [new UpcomingRotation(justAfterFrom.Id, from.AddMilliseconds(1)), new UpcomingRotation(inside.Id, At(150)), new UpcomingRotation(atUntil.Id, until)],
            upcoming);
        Assert.Equal([justAfterFrom.Id], (await Store.ListUpcomingRotationsAsync(seed.Project.Id, from, until, null, 1, Ct)).Select(u => u.Id));
    }

    [ContractFact]
    public async Task ListUpcomingRotationsAsync_AfterARow_ContinuesWithTheNextInOrder()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        // Ties on the due time (rotations sharing rotateAtUtc) are broken by id, across page ends too.
        foreach (var rotation in Enumerable.Range(0, 7).Select(i => NewRotation(seed, connection, $"r-{i}", next: At(10 + i % 3))))
        {
            await Store.CreateRotationAsync(rotation, Ct);
        }

        var pages = new List<UpcomingRotation>();
        UpcomingRotation? after = null;
        for (var page = await Store.ListUpcomingRotationsAsync(seed.Project.Id, At(0), At(20), null, 2, Ct); page.Count > 0;
             page = await Store.ListUpcomingRotationsAsync(seed.Project.Id, At(0), At(20), after, 2, Ct))
        {
            pages.AddRange(page);
            after = page[^1];
        }

        Assert.Equal(await Store.ListUpcomingRotationsAsync(seed.Project.Id, At(0), At(20), null, 100, Ct), pages);
        Assert.Equal(7, pages.Select(p => p.Id).Distinct().Count());
    }

    [ContractFact]
    public async Task CompleteActivationAsync_SlotsWithExpiry_StoreItInTheClearAndReadItBack()
    {
        var (_, _, rotation) = await SeedRotationAsync();

        await ActivateSlotAsync(rotation, 0, At(1000), adoptedExpiresAt: At(500));

        var slots = await Store.ListSlotsAsync(rotation.Id, Ct);
        Assert.Equal([At(1000), At(500)], slots.Select(s => s.ExpiresAt));
        var raw = await ReadRawRowsAsync("rotation_slots");
        Assert.Equal([At(500).ToUnixTimeMilliseconds(), At(1000).ToUnixTimeMilliseconds()],
            raw.Select(r => Convert.ToInt64(r["expires_at"], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [ContractFact]
    public async Task CompleteActivationAsync_SlotRewrittenWithoutExpiry_ClearsIt()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        await ActivateSlotAsync(rotation, 1, At(1000));

        await ActivateSlotAsync(rotation, 1, null);

        Assert.Null(Assert.Single(await Store.ListSlotsAsync(rotation.Id, Ct)).ExpiresAt);
    }

    [ContractFact]
    public async Task ListExpiringSlotsAsync_MixedSlots_ReturnsThoseExpiringInTheRangeEarliestFirst()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var (first, second, third) = (NewRotation(seed, connection, "first", next: At(9000)), NewRotation(seed, connection, "second", next: At(9000)),
            NewRotation(seed, connection, "third", next: At(9000)));
        foreach (var rotation in new[] { first, second, third })
        {
            await Store.CreateRotationAsync(rotation, Ct);
        }

        await ActivateSlotAsync(first, 0, At(150), adoptedExpiresAt: At(100));  // slot 1 exactly at from: excluded
        await ActivateSlotAsync(second, 1, At(200));                           // exactly at until: included
        await ActivateSlotAsync(third, 0, null, adoptedExpiresAt: At(201));    // slot 0 never expires, slot 1 beyond until

        var expiring = await Store.ListExpiringSlotsAsync(At(100), At(200), null, 10, Ct);

        Assert.Equal([new ExpiringSlot(first.Id, 0, "credential-0", At(150)), new ExpiringSlot(second.Id, 1, "credential-1", At(200))], expiring);
    }

    [ContractFact]
    public async Task ListExpiringSlotsAsync_AfterARow_ContinuesWithTheNextInOrder()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        for (var i = 0; i < 5; i++)
        {
            var rotation = NewRotation(seed, connection, $"r-{i}", next: At(9000));
            await Store.CreateRotationAsync(rotation, Ct);
            // Both slots of a rotation share an expiry, and rotations share them too: ties by rotation id, then slot.
            await ActivateSlotAsync(rotation, 0, At(10 + i % 2), adoptedExpiresAt: At(10 + i % 2));
        }

        var pages = new List<ExpiringSlot>();
        ExpiringSlot? after = null;
        for (var page = await Store.ListExpiringSlotsAsync(At(0), At(20), null, 3, Ct); page.Count > 0;
             page = await Store.ListExpiringSlotsAsync(At(0), At(20), after, 3, Ct))
        {
            pages.AddRange(page);
            after = page[^1];
        }

        Assert.Equal(await Store.ListExpiringSlotsAsync(At(0), At(20), null, 100, Ct), pages);
        Assert.Equal(10, pages.Distinct().Count());
    }

    /// <summary>
    /// Activates <paramref name="index"/> with a credential expiring at <paramref name="expiresAt"/>; with
    /// <paramref name="adoptedExpiresAt"/> the other slot holds an adopted credential expiring then, as a create that adopts writes it.
    /// </summary>
    private async Task ActivateSlotAsync(SecretRotation rotation, int index, DateTimeOffset? expiresAt, DateTimeOffset? adoptedExpiresAt = null)
    {
        var job = await StartJobAsync(rotation.Id);
        var slot = new RotationSlot(rotation.Id, index, $"credential-{index}", Cipher("credential"), job.Id, At(1)) { ExpiresAt = expiresAt };
        var adopted = adoptedExpiresAt is null
            ? null
            : new RotationSlot(rotation.Id, 1 - index, $"credential-{1 - index}", Cipher("adopted"), job.Id, At(1)) { ExpiresAt = adoptedExpiresAt };
        await Store.CompleteActivationAsync(new RotationActivation(slot, rotation with { ActiveIndex = index, UpdatedAt = At(1) }, [],
            [new JournalEntry(job.Id, 1, "activate", "result", "{}", null, At(1))], job.Id, At(1), "rotated") { AdoptedSlot = adopted }, Ct);
    }
}
