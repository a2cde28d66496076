using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task CreateRotationAsync_New_RoundTripsEveryField()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var rotation = NewRotation(seed, connection, next: At(90)) with
        {
            ActiveIndex = 1, RotationStatus = "failed", LastRotationMessage = "boom", LastRotationAttemptedAt = At(5),
            LastRotatedAt = At(4), LastRotationJobId = Guid.NewGuid(), LastRotationWasManual = true, Description = null,
            RotationSchedule = "0 2 * * SUN#1", FailedAttempts = 2, IsDeleteProtected = true,
        };

        await Store.CreateRotationAsync(rotation, Ct);

        Assert.Equal(rotation, await Store.GetRotationAsync(rotation.Id, Ct));
        Assert.Null(await Store.GetRotationAsync(Guid.NewGuid(), Ct));
    }

    [ContractFact]
    public async Task CreateRotationAsync_TakenNameInFolder_ConflictsNamingIt()
    {
        var (seed, connection, _) = await SeedRotationAsync("nightly");

        var error = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.CreateRotationAsync(NewRotation(seed, connection, "nightly"), Ct));

        Assert.Contains("nightly", error.Message);
    }

    [ContractFact]
    public async Task ListRotationsAsync_Several_ProjectsRotationsByCreationTime()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var late = NewRotation(seed, connection, "late", created: At(20));
        var early = NewRotation(seed, connection, "early", created: At(10));
        await Store.CreateRotationAsync(late, Ct);
        await Store.CreateRotationAsync(early, Ct);
        var otherSeed = await SeedAsync("other");
        await Store.CreateRotationAsync(NewRotation(otherSeed, connection, "elsewhere"), Ct);

        Assert.Equal([early, late], await Store.ListRotationsAsync(seed.Project.Id, Ct));
    }

    [ContractFact]
    public async Task UpdateRotationAsync_Existing_ReplacesRowButKeepsIdentityAndLease()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(600), T0, Ct));
        var changed = rotation with
        {
            Name = "renamed", IsAutoRotationEnabled = false, ActiveIndex = 1, RotationStatus = "success",
            LastRotatedAt = At(3), NextRotationAt = null, UpdatedAt = At(3), RotationSchedule = "0 3 * * *", FailedAttempts = 1, IsDeleteProtected = true,
        };

        Assert.True(await Store.UpdateRotationAsync(changed with { ProjectId = Guid.NewGuid(), CreatedAt = At(99) }, Ct));

        Assert.Equal(changed, await Store.GetRotationAsync(rotation.Id, Ct));
        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), At(4), Ct));
    }

    [ContractFact]
    public async Task UpdateRotationAsync_Missing_ReturnsFalse()
    {
        var (seed, connection, _) = await SeedRotationAsync();

        Assert.False(await Store.UpdateRotationAsync(NewRotation(seed, connection, "ghost"), Ct));
    }

    [ContractFact]
    public async Task DeleteRotationAsync_DeleteSecrets_RemovesRotationSlotsJobsJournalAndOwnedSecrets()
    {
        var (seed, rotation, jobId) = await SeedOwnedRotationAsync();

        Assert.True(await Store.DeleteRotationAsync(rotation.Id, deleteSecrets: true, Ct));

        await AssertRotationGoneAsync(rotation.Id, jobId);
        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_SECRET", Ct));
        Assert.NotNull(await Store.GetSecretAsync(seed.Folder.Id, "UNOWNED", Ct));
    }

    [ContractFact]
    public async Task DeleteRotationAsync_KeepSecrets_ReleasesOwnedSecrets()
    {
        var (seed, rotation, jobId) = await SeedOwnedRotationAsync();

        Assert.True(await Store.DeleteRotationAsync(rotation.Id, deleteSecrets: false, Ct));

        await AssertRotationGoneAsync(rotation.Id, jobId);
        var released = await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_SECRET", Ct);
        Assert.NotNull(released);
        Assert.Null(released.OwnerRotationId);
        Assert.Empty(await Store.ListSecretsOwnedByAsync(rotation.Id, Ct));
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "CLIENT_SECRET", 2, released.Id), Ct);
    }

    [ContractFact]
    public async Task DeleteRotationAsync_Missing_ReturnsFalse() =>
        Assert.False(await Store.DeleteRotationAsync(Guid.NewGuid(), deleteSecrets: true, Ct));

    [ContractFact]
    public async Task DeleteSlotAsync_CalledTwice_EmptiesSlotIdempotently()
    {
        var (_, rotation, _) = await SeedOwnedRotationAsync();
        Assert.Equal([1], (await Store.ListSlotsAsync(rotation.Id, Ct)).Select(s => s.Index));

        await Store.DeleteSlotAsync(rotation.Id, 1, Ct);
        await Store.DeleteSlotAsync(rotation.Id, 1, Ct);

        Assert.Empty(await Store.ListSlotsAsync(rotation.Id, Ct));
    }

    [ContractFact]
    public async Task ListDueRotationsAsync_MixedRotations_ReturnsAutoOnesDueByNowEarliestFirst()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var now = At(100);
        var dueLater = NewRotation(seed, connection, "due-at-now", next: now);
        var dueFirst = NewRotation(seed, connection, "due-long-ago", next: At(-1000));
        var dueSecond = NewRotation(seed, connection, "due-recently", next: now.AddMilliseconds(-1));
        var future = NewRotation(seed, connection, "future", next: now.AddMilliseconds(1));
        var manualOnly = NewRotation(seed, connection, "auto-off", auto: false, next: At(-2000));
        var unscheduled = NewRotation(seed, connection, "unscheduled", next: null);
        foreach (var rotation in new[] { dueLater, dueFirst, dueSecond, future, manualOnly, unscheduled })
        {
            await Store.CreateRotationAsync(rotation, Ct);
        }

        Assert.Equal([dueFirst.Id, dueSecond.Id, dueLater.Id], await DueIdsAsync(now, 10));
        Assert.Equal([dueFirst.Id, dueSecond.Id], await DueIdsAsync(now, 2));
        Assert.Equal([dueFirst.Id, dueSecond.Id, dueLater.Id], await DueIdsAsync(now.ToOffset(TimeSpan.FromHours(5)), 10));
    }

    [ContractFact]
    public async Task ListDueRotationsAsync_ManyDueAtTheSameInstant_ReturnsTheLowestIdsInOrder()
    {
        // Rotations share a due time when they share rotateAtUtc; ties are broken by id, as the index orders them.
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var tied = Enumerable.Range(0, 12).Select(i => NewRotation(seed, connection, $"tied-{i}", next: At(0))).ToList();
        foreach (var rotation in tied)
        {
            await Store.CreateRotationAsync(rotation, Ct);
        }

        var expected = tied.Select(r => r.Id).OrderBy(id => id.ToString("D"), StringComparer.Ordinal).Take(5);
        Assert.Equal(expected, await DueIdsAsync(At(1), 5));
    }

    [ContractFact]
    public async Task ListDueRotationsAsync_SeveralConnections_NamesEachRotationsConnection()
    {
        var seed = await SeedAsync();
        var (first, second) = (await CreateConnectionAsync("first"), await CreateConnectionAsync("second"));
        var onFirst = NewRotation(seed, first, "on-first", next: At(1));
        var onSecond = NewRotation(seed, second, "on-second", next: At(2));
        await Store.CreateRotationAsync(onFirst, Ct);
        await Store.CreateRotationAsync(onSecond, Ct);

        Assert.Equal([new DueRotation(onFirst.Id, first.Id, At(1)), new DueRotation(onSecond.Id, second.Id, At(2))], await Store.ListDueRotationsAsync(At(5), null, 10, Ct));
    }

    [ContractFact]
    public async Task ListDueRotationsAsync_AfterARow_ContinuesWithTheNextInOrder()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var rotations = Enumerable.Range(0, 7).Select(i => NewRotation(seed, connection, $"r-{i}", next: At(i % 3))).ToList();
        foreach (var rotation in rotations)
        {
            await Store.CreateRotationAsync(rotation, Ct);
        }

        var pages = new List<Guid>();
        DueRotation? after = null;
        for (var page = await Store.ListDueRotationsAsync(At(10), null, 2, Ct); page.Count > 0; page = await Store.ListDueRotationsAsync(At(10), after, 2, Ct))
        {
            pages.AddRange(page.Select(d => d.Id));
            after = page[^1];
        }

        Assert.Equal(await DueIdsAsync(At(10), 100), pages);
        Assert.Equal(7, pages.Distinct().Count());
    }

    private async Task<IReadOnlyList<Guid>> DueIdsAsync(DateTimeOffset now, int limit) =>
        [.. (await Store.ListDueRotationsAsync(now, null, limit, Ct)).Select(d => d.Id)];

    /// <summary>A rotation with a slot, a job with a journal entry, an owned secret, and an unowned neighbour.</summary>
    private async Task<(Seed Seed, SecretRotation Rotation, Guid JobId)> SeedOwnedRotationAsync()
    {
        var (seed, connection, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        await Store.AppendJournalAsync(new JournalEntry(job.Id, 1, "issue", "intent", "{}", null, T0), Ct);
        var activation = new RotationActivation(
            new RotationSlot(rotation.Id, 1, "key-1", Cipher("credential"), job.Id, At(1)),
            rotation with { ActiveIndex = 1, RotationStatus = "success", LastRotatedAt = At(1), UpdatedAt = At(1) },
            [NewWrite(seed.Folder.Id, "CLIENT_SECRET", owner: rotation.Id)],
            [new JournalEntry(job.Id, 2, "activate", "result", "{}", null, At(1))], job.Id, At(1), "rotated");
        await Store.CompleteActivationAsync(activation, Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "UNOWNED"), Ct);
        return (seed, rotation, job.Id);
    }

    private async Task AssertRotationGoneAsync(Guid rotationId, Guid jobId)
    {
        Assert.Null(await Store.GetRotationAsync(rotationId, Ct));
        Assert.Empty(await Store.ListSlotsAsync(rotationId, Ct));
        Assert.Null(await Store.GetJobAsync(jobId, Ct));
        Assert.Empty(await Store.GetJournalAsync(jobId, Ct));
        Assert.Empty(await Store.ListSecretsOwnedByAsync(rotationId, Ct));
    }
}
