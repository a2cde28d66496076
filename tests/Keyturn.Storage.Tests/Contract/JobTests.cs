using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task StartJobAsync_New_RoundTrips()
    {
        var (_, _, rotation) = await SeedRotationAsync();

        var job = await StartJobAsync(rotation.Id, At(7));

        Assert.Equal(job, await Store.GetJobAsync(job.Id, Ct));
        Assert.Null(await Store.GetJobAsync(Guid.NewGuid(), Ct));
    }

    [ContractFact]
    public async Task ListOpenJobsAsync_MixedJobs_ReturnsRunningOldestFirst()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var newer = await StartJobAsync(rotation.Id, At(20));
        var older = await StartJobAsync(rotation.Id, At(10));
        await Store.StartJobAsync(new RotationJob(Guid.NewGuid(), rotation.Id, "schedule", "failed", 0, At(5), At(6), "x"), [], Ct);

        Assert.Equal([older, newer], await Store.ListOpenJobsAsync(Ct));
    }

    [ContractFact]
    public async Task AppendJournalAsync_Entries_ReturnedBySequenceWithSealedSecret()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        var result = new JournalEntry(job.Id, 2, "issue", "result", """{"keyId":"k"}""", Cipher("issued"), At(2));
        var intent = new JournalEntry(job.Id, 1, "issue", "intent", "{}", null, At(1));

        await Store.AppendJournalAsync(result, Ct);
        await Store.AppendJournalAsync(intent, Ct);

        var journal = await Store.GetJournalAsync(job.Id, Ct);
        Assert.Equal([1, 2], journal.Select(e => e.Sequence));
        Assert.Equal(intent, journal[0]);
        Assert.Equal(result.SealedSecret, journal[1].SealedSecret);
        Assert.Equal(result with { SealedSecret = journal[1].SealedSecret }, journal[1]);
    }

    [ContractFact]
    public async Task AppendJournalAsync_TakenSequence_Conflicts()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        await Store.AppendJournalAsync(new JournalEntry(job.Id, 1, "issue", "intent", "{}", null, T0), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.AppendJournalAsync(new JournalEntry(job.Id, 1, "issue", "result", "{}", null, T0), Ct));
    }

    [ContractFact]
    public async Task CompleteActivationAsync_Valid_CommitsSlotRotationSecretsJournalAndJob()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var existing = NewWrite(seed.Folder.Id, "CLIENT_SECRET", owner: rotation.Id);
        await Store.WriteSecretVersionAsync(existing, Ct);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(600), T0, Ct));
        var job = await StartJobAsync(rotation.Id);
        var activation = NewActivation(seed, rotation, job,
            [NewWrite(seed.Folder.Id, "CLIENT_SECRET", 2, existing.SecretId, rotation.Id, At(9)), NewWrite(seed.Folder.Id, "CLIENT_ID", 1, owner: rotation.Id, at: At(9))]);

        await Store.CompleteActivationAsync(activation, Ct);

        Assert.Equal(activation.Rotation, await Store.GetRotationAsync(rotation.Id, Ct));
        var slot = Assert.Single(await Store.ListSlotsAsync(rotation.Id, Ct));
        Assert.Equal(activation.Slot with { SealedCredential = slot.SealedCredential }, slot);
        Assert.Equal(2, (await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_SECRET", Ct))!.Version);
        Assert.Equal(1, (await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_ID", Ct))!.Version);
        Assert.Equal(activation.Journal, await Store.GetJournalAsync(job.Id, Ct));
        Assert.Equal(job with { Status = "succeeded", EndedAt = At(9), Message = "rotated" }, await Store.GetJobAsync(job.Id, Ct));
        Assert.Empty(await Store.ListOpenJobsAsync(Ct));
        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), At(10), Ct)); // lease untouched
    }

    [ContractFact]
    public async Task CompleteActivationAsync_WithAdoptedSlot_CommitsBothSlots()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        var adopted = new RotationSlot(rotation.Id, 0, "human-key", Cipher("adopted"), job.Id, At(9));
        var activation = NewActivation(seed, rotation, job, []) with { AdoptedSlot = adopted };

        await Store.CompleteActivationAsync(activation, Ct);

        var slots = (await Store.ListSlotsAsync(rotation.Id, Ct)).OrderBy(s => s.Index).ToList();
        Assert.Equal(["human-key", activation.Slot.CredentialId], slots.Select(s => s.CredentialId));
        Assert.Equal(adopted with { SealedCredential = slots[0].SealedCredential }, slots[0]);
        Assert.Equal(Cipher("adopted"), slots[0].SealedCredential);
    }

    [ContractFact]
    public async Task CompleteActivationAsync_SlotTaken_ReplacesTheSlot()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var first = await StartJobAsync(rotation.Id);
        await Store.CompleteActivationAsync(NewActivation(seed, rotation, first, []), Ct);
        var second = await StartJobAsync(rotation.Id);
        var activation = NewActivation(seed, rotation, second, []) with
        {
            Slot = new RotationSlot(rotation.Id, 1, "key-2", Cipher("credential-2"), second.Id, At(20)),
        };

        await Store.CompleteActivationAsync(activation, Ct);

        var slot = Assert.Single(await Store.ListSlotsAsync(rotation.Id, Ct));
        Assert.Equal(("key-2", second.Id, At(20)), (slot.CredentialId, slot.JobId, slot.IssuedAt));
        Assert.Equal(Cipher("credential-2"), slot.SealedCredential);
    }

    [ContractFact]
    public async Task CompleteActivationAsync_ConflictingSecretWrite_ChangesNothing()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TAKEN"), Ct);
        var job = await StartJobAsync(rotation.Id);
        var activation = NewActivation(seed, rotation, job,
            [NewWrite(seed.Folder.Id, "CLIENT_ID", owner: rotation.Id), NewWrite(seed.Folder.Id, "TAKEN", owner: rotation.Id)]);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => Store.CompleteActivationAsync(activation, Ct));

        Assert.Contains("TAKEN", error.Message);
        Assert.Equal(rotation, await Store.GetRotationAsync(rotation.Id, Ct));
        Assert.Empty(await Store.ListSlotsAsync(rotation.Id, Ct));
        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_ID", Ct));
        Assert.Empty(await Store.GetJournalAsync(job.Id, Ct));
        Assert.Equal(job, await Store.GetJobAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task CompleteActivationAsync_JobAlreadyEnded_ConflictsAndChangesNothing()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        await Store.CompleteActivationAsync(NewActivation(seed, rotation, job, []), Ct);
        var replay = NewActivation(seed, rotation, job, [NewWrite(seed.Folder.Id, "LATE", owner: rotation.Id)]) with
        {
            Journal = [new JournalEntry(job.Id, 3, "activate", "result", "{}", null, At(30))],
        };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CompleteActivationAsync(replay, Ct));

        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "LATE", Ct));
        Assert.Single(await Store.GetJournalAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task FailJobAsync_RunningJob_RecordsRotationJournalAndFailure()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        var failed = rotation with { RotationStatus = "failed", LastRotationMessage = "verify gave up", LastRotationAttemptedAt = At(5), UpdatedAt = At(5) };
        var journal = new JournalEntry(job.Id, 1, "verify", "result", """{"error":"timeout"}""", null, At(5));

        await Store.FailJobAsync(new RotationFailure(failed, journal, job.Id, At(5), "verify gave up"), Ct);

        Assert.Equal(failed, await Store.GetRotationAsync(rotation.Id, Ct));
        Assert.Equal(journal, Assert.Single(await Store.GetJournalAsync(job.Id, Ct)));
        Assert.Equal(job with { Status = "failed", EndedAt = At(5), Message = "verify gave up" }, await Store.GetJobAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task FailJobAsync_WithAuditEntries_CommitsThemWithTheFailureAndNotWhenItConflicts()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        var failed = rotation with { RotationStatus = "failed", UpdatedAt = At(5) };
        AuditEntry Entry(string action) => new(Guid.NewGuid(), At(5), "someone", action, "secret-rotation", rotation.Id.ToString(), seed.Project.Id, "{}");
        var conflicting = new RotationFailure(failed, new JournalEntry(job.Id, 1, "verify", "result", "{}", null, At(5)), job.Id, At(5), "x")
        {
            LeaseOwner = "not-the-owner",
            Audit = [Entry("secret-rotation.failed")],
        };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.FailJobAsync(conflicting, Ct));
        Assert.Empty(await Store.ListAuditAsync(seed.Project.Id, 10, Ct));

        var failure = conflicting with { LeaseOwner = null, Audit = [Entry("secret-rotation.failed"), Entry("secret-rotation.rotate-requested")] };
        await Store.FailJobAsync(failure, Ct);

        Assert.Equal(failure.Audit.OrderBy(a => a.Id), (await Store.ListAuditAsync(seed.Project.Id, 10, Ct)).OrderBy(a => a.Id));
    }

    [ContractFact]
    public async Task FailJobAsync_TakenJournalSequence_ChangesNothing()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        await Store.AppendJournalAsync(new JournalEntry(job.Id, 1, "verify", "intent", "{}", null, At(1)), Ct);
        var failed = rotation with { RotationStatus = "failed", UpdatedAt = At(5) };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.FailJobAsync(
            new RotationFailure(failed, new JournalEntry(job.Id, 1, "verify", "result", "{}", null, At(5)), job.Id, At(5), "x"), Ct));

        Assert.Equal(rotation, await Store.GetRotationAsync(rotation.Id, Ct));
        Assert.Equal(job, await Store.GetJobAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task CompleteActivationAsync_ChangedMeanwhile_WritesOnlyTheAttemptsFields()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        // A PATCH that landed while the attempt ran (its copy of the rotation is the one read at its start).
        var patched = rotation with { Name = "renamed", RotationInterval = 7, Description = "patched", UpdatedAt = At(4) };
        Assert.True(await Store.UpdateRotationAsync(patched, Ct));
        var activation = NewActivation(seed, rotation, job, []);

        await Store.CompleteActivationAsync(activation, Ct);

        var stored = (await Store.GetRotationAsync(rotation.Id, Ct))!;
        Assert.Equal(("renamed", 7, "patched"), (stored.Name, stored.RotationInterval, stored.Description));
        Assert.Equal((1, "success", job.Id, At(9 + 86_400)), (stored.ActiveIndex, stored.RotationStatus, stored.LastRotationJobId, stored.NextRotationAt));
    }

    [ContractFact]
    public async Task CompleteActivationAsync_LeaseHeldByAnotherOwner_ConflictsAndChangesNothing()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), T0, Ct));
        var guarded = NewActivation(seed, rotation, job, [NewWrite(seed.Folder.Id, "LATE", owner: rotation.Id)]) with { LeaseOwner = "node-a" };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CompleteActivationAsync(guarded, Ct));

        Assert.Equal(rotation, await Store.GetRotationAsync(rotation.Id, Ct));
        Assert.Empty(await Store.ListSlotsAsync(rotation.Id, Ct));
        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "LATE", Ct));
        Assert.Equal(job, await Store.GetJobAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task FailJobAsync_LeaseHeldByAnotherOwner_ConflictsAndChangesNothing()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), T0, Ct));
        var failed = rotation with { RotationStatus = "failed", LastRotationMessage = "late", UpdatedAt = At(5) };
        var failure = new RotationFailure(failed, new JournalEntry(job.Id, 1, "fail", "result", "{}", null, At(5)), job.Id, At(5), "late") { LeaseOwner = "node-a" };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.FailJobAsync(failure, Ct));

        Assert.Equal(rotation, await Store.GetRotationAsync(rotation.Id, Ct));
        Assert.Equal(job, await Store.GetJobAsync(job.Id, Ct));
        Assert.Empty(await Store.GetJournalAsync(job.Id, Ct));
    }

    private static RotationActivation NewActivation(Seed seed, SecretRotation rotation, RotationJob job, IReadOnlyList<SecretVersionWrite> writes) => new(
        new RotationSlot(rotation.Id, 1, "key-1", Cipher("credential"), job.Id, At(8)),
        rotation with
        {
            ActiveIndex = 1, RotationStatus = "success", LastRotatedAt = At(9), LastRotationAttemptedAt = At(9),
            LastRotationJobId = job.Id, NextRotationAt = At(9 + 86_400), UpdatedAt = At(9),
        },
        writes,
        [new JournalEntry(job.Id, 2, "activate", "result", "{}", null, At(9))],
        job.Id, At(9), "rotated");
}
