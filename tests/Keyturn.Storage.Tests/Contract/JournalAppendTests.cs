using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

/// <summary>The merged writes the engine relies on: each commits all of its parts or none.</summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task StartJobAsync_WithFirstEntries_CommitsJobAndEntries()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = new RotationJob(Guid.NewGuid(), rotation.Id, "manual", "running", 1, T0, null, null);
        var intent = new JournalEntry(job.Id, 1, "revoke-inactive", "intent", """{"credentialId":"k"}""", null, T0);

        await Store.StartJobAsync(job, [intent], Ct);

        Assert.Equal(job, await Store.GetJobAsync(job.Id, Ct));
        Assert.Equal([intent], await Store.GetJournalAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task StartJobAsync_FirstEntryConflicts_StoresNeitherJobNorEntries()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = new RotationJob(Guid.NewGuid(), rotation.Id, "manual", "running", 1, T0, null, null);
        var entry = new JournalEntry(job.Id, 1, "issue", "intent", "{}", null, T0);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.StartJobAsync(job, [entry, entry with { Phase = "result" }], Ct));

        Assert.Null(await Store.GetJobAsync(job.Id, Ct));
        Assert.Empty(await Store.GetJournalAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task AppendJournalAsync_SeveralWithSlot_CommitsEntriesInOrderAndEmptiesSlot()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        await Store.CompleteActivationAsync(NewActivation(seed, rotation, await StartJobAsync(rotation.Id), []), Ct);
        var job = await StartJobAsync(rotation.Id);
        var result = new JournalEntry(job.Id, 2, "revoke-inactive", "result", """{"slot":1}""", null, At(2));
        var next = new JournalEntry(job.Id, 3, "issue", "intent", """{"label":"l"}""", null, At(2));
        await Store.AppendJournalAsync(new JournalEntry(job.Id, 1, "revoke-inactive", "intent", """{"slot":1}""", null, At(1)), Ct);

        await Store.AppendJournalAsync(new JournalAppend([result, next], new SlotRef(rotation.Id, 1)), Ct);

        Assert.Equal([result, next], (await Store.GetJournalAsync(job.Id, Ct)).Skip(1));
        Assert.Empty(await Store.ListSlotsAsync(rotation.Id, Ct));
    }

    [ContractFact]
    public async Task AppendJournalAsync_OneSequenceTaken_StoresNoneAndKeepsSlot()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        await Store.CompleteActivationAsync(NewActivation(seed, rotation, await StartJobAsync(rotation.Id), []), Ct);
        var job = await StartJobAsync(rotation.Id);
        var taken = new JournalEntry(job.Id, 2, "issue", "intent", "{}", null, At(1));
        await Store.AppendJournalAsync(taken, Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AppendJournalAsync(new JournalAppend(
            [new JournalEntry(job.Id, 1, "revoke-inactive", "result", "{}", null, At(2)), taken with { Phase = "result" }],
            new SlotRef(rotation.Id, 1)), Ct));

        Assert.Equal([taken], await Store.GetJournalAsync(job.Id, Ct));
        Assert.Single(await Store.ListSlotsAsync(rotation.Id, Ct));
    }

    [ContractFact]
    public async Task CompleteActivationAsync_WithJournalAuditAndRelease_CommitsAllAndReleasesLease()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(600), T0, Ct));
        var job = await StartJobAsync(rotation.Id);
        var audit = NewRotatedAudit(seed, rotation, job);
        var activation = NewActivation(seed, rotation, job, []) with
        {
            Journal = [new JournalEntry(job.Id, 1, "verify", "result", "{}", null, At(9)), new JournalEntry(job.Id, 2, "activate", "result", "{}", null, At(9))],
            Audit = [audit],
            ReleaseLeaseOwner = "node-a",
        };

        await Store.CompleteActivationAsync(activation, Ct);

        Assert.Equal(activation.Journal, await Store.GetJournalAsync(job.Id, Ct));
        Assert.Equal([audit], await Store.ListAuditAsync(seed.Project.Id, 10, Ct));
        Assert.Equal("succeeded", (await Store.GetJobAsync(job.Id, Ct))!.Status);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), At(10), Ct)); // released
        await Store.ReleaseLeaseAsync(rotation.Id, "node-a", Ct); // releasing an already released lease is harmless
        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-c", At(600), At(11), Ct));
    }

    [ContractFact]
    public async Task CompleteActivationAsync_ConflictWithAuditAndRelease_ChangesNothing()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TAKEN"), Ct);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(600), T0, Ct));
        var job = await StartJobAsync(rotation.Id);
        var activation = NewActivation(seed, rotation, job, [NewWrite(seed.Folder.Id, "TAKEN", owner: rotation.Id)]) with
        {
            Journal = [new JournalEntry(job.Id, 1, "verify", "result", "{}", null, At(9)), new JournalEntry(job.Id, 2, "activate", "result", "{}", null, At(9))],
            Audit = [NewRotatedAudit(seed, rotation, job)],
            ReleaseLeaseOwner = "node-a",
        };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CompleteActivationAsync(activation, Ct));

        Assert.Empty(await Store.GetJournalAsync(job.Id, Ct));
        Assert.Empty(await Store.ListAuditAsync(seed.Project.Id, 10, Ct));
        Assert.Equal(job, await Store.GetJobAsync(job.Id, Ct));
        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), At(10), Ct)); // still held
    }

    [ContractFact]
    public async Task CompleteActivationAsync_LeaseHeldByAnotherOwner_LeavesItAlone()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), T0, Ct));
        var job = await StartJobAsync(rotation.Id);

        await Store.CompleteActivationAsync(NewActivation(seed, rotation, job, []) with { ReleaseLeaseOwner = "node-a" }, Ct);

        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-c", At(600), At(10), Ct));
    }

    private static AuditEntry NewRotatedAudit(Seed seed, SecretRotation rotation, RotationJob job) => new(
        Guid.NewGuid(), At(9), "rotation-engine", "secret-rotation.rotated", "secret-rotation", rotation.Id.ToString(), seed.Project.Id,
        $$"""{"jobId":"{{job.Id}}"}""");
}
