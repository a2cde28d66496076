using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

/// <summary>A connection's rotation of its own credential: settings, lease, jobs, journal, activation and failure.</summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task CreateConnectionAsync_WithInitialCredential_RoundTripsTheRotationState()
    {
        var connection = new AppConnection(Guid.NewGuid(), "named-secret", null, "azure", "client-secret", Cipher("c"), "{}", T0, T0)
        {
            CredentialRotation = CredentialRotationState.Initial("key-human"),
        };
        await Store.CreateConnectionAsync(connection, Ct);

        var stored = await Store.GetConnectionAsync(connection.Id, Ct);

        Assert.Equal(connection.CredentialRotation, stored!.CredentialRotation);
        Assert.Equal("key-human", stored.CredentialRotation.ActiveCredentialId);
    }

    [ContractFact]
    public async Task UpdateConnectionSettingsAsync_Existing_WritesSettingsNameAndNextTime()
    {
        var connection = await CreateConnectionAsync("before");
        var settings = new CredentialRotationSettings(true, 7, 3, 45);

        Assert.True(await Store.UpdateConnectionSettingsAsync(connection.Id, "after", "d", settings, At(100), At(5), Ct));

        var stored = (await Store.GetConnectionAsync(connection.Id, Ct))!;
        Assert.Equal(("after", "d", settings, At(100), At(5)), (stored.Name, stored.Description, stored.CredentialRotation.Settings, stored.CredentialRotation.NextRotationAt, stored.UpdatedAt));
        Assert.False(await Store.UpdateConnectionSettingsAsync(Guid.NewGuid(), "x", null, settings, null, At(5), Ct));
    }

    [ContractFact]
    public async Task UpdateConnectionSettingsAsync_TakenName_Conflicts()
    {
        await CreateConnectionAsync("taken");
        var connection = await CreateConnectionAsync("mine");

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.UpdateConnectionSettingsAsync(connection.Id, "taken", null, CredentialRotationSettings.Default, null, At(1), Ct));
    }

    [ContractFact]
    public async Task TryClaimConnectionAsync_TwoStores_OnlyOneOwnerAtATime()
    {
        var connection = await CreateConnectionAsync();
        await using var second = await OpenSecondStoreAsync();

        var a = await Store.TryClaimConnectionAsync(connection.Id, "node-a", At(60), At(0), Ct);
        var b = await second.TryClaimConnectionAsync(connection.Id, "node-b", At(60), At(1), Ct);
        var again = await Store.TryClaimConnectionAsync(connection.Id, "node-a", At(90), At(2), Ct);
        var afterExpiry = await second.TryClaimConnectionAsync(connection.Id, "node-b", At(200), At(91), Ct);

        Assert.Equal(connection.Id, a?.Id);
        Assert.Null(b);
        Assert.NotNull(again);
        Assert.NotNull(afterExpiry);
        await Store.ReleaseConnectionLeaseAsync(connection.Id, "node-a", Ct); // not the holder: changes nothing
        Assert.Null(await Store.TryClaimConnectionAsync(connection.Id, "node-a", At(300), At(92), Ct));
        await second.ReleaseConnectionLeaseAsync(connection.Id, "node-b", Ct);
        Assert.NotNull(await Store.TryClaimConnectionAsync(connection.Id, "node-a", At(300), At(93), Ct));
        Assert.Null(await Store.TryClaimConnectionAsync(Guid.NewGuid(), "node-a", At(300), At(93), Ct));
    }

    [ContractFact]
    public async Task ListDueConnectionsAsync_OnlyEnabledAndDue_EarliestFirst()
    {
        var late = await CreateConnectionAsync("late");
        var early = await CreateConnectionAsync("early");
        var off = await CreateConnectionAsync("off");
        var future = await CreateConnectionAsync("future");
        var on = new CredentialRotationSettings(true, 1, 0, 0);
        await Store.UpdateConnectionSettingsAsync(late.Id, "late", null, on, At(20), At(0), Ct);
        await Store.UpdateConnectionSettingsAsync(early.Id, "early", null, on, At(10), At(0), Ct);
        await Store.UpdateConnectionSettingsAsync(off.Id, "off", null, on with { IsAutoRotationEnabled = false }, At(5), At(0), Ct);
        await Store.UpdateConnectionSettingsAsync(future.Id, "future", null, on, At(500), At(0), Ct);

        Assert.Equal([early.Id, late.Id], await Store.ListDueConnectionsAsync(At(30), 10, Ct));
        Assert.Equal([early.Id], await Store.ListDueConnectionsAsync(At(30), 1, Ct));
    }

    [ContractFact]
    public async Task CompleteConnectionCredentialActivationAsync_UnderLease_WritesAllAndReleases()
    {
        var connection = await CreateConnectionAsync();
        var job = await StartConnectionJobAsync(connection);
        await Store.AppendConnectionJournalAsync([Entry(job, 2, "issue", "result", Cipher("issued"))], Ct);
        var state = connection.CredentialRotation with { ActiveCredentialId = "new", PreviousCredentialId = "old", Status = "success", RotatedAt = At(9), NextRotationAt = At(99), LastJobId = job.Id };
        var audit = new AuditEntry(Guid.NewGuid(), At(9), "engine", "app-connection.credentials-rotated", "app-connection", connection.Id.ToString(), null, "{}");

        await Store.CompleteConnectionCredentialActivationAsync(
            new ConnectionCredentialActivation(connection.Id, job.Id, Cipher("new-credentials"), state, At(9), "done", [Entry(job, 3, "activate", "result")], audit, "node-a"), Ct);

        var stored = (await Store.GetConnectionAsync(connection.Id, Ct))!;
        Assert.Equal(state, stored.CredentialRotation);
        Assert.Equal(Cipher("new-credentials"), stored.SealedCredentials);
        var ended = Assert.Single(await Store.ListConnectionJobsAsync(connection.Id, Ct));
        Assert.Equal(("succeeded", At(9), "done"), (ended.Status, ended.EndedAt, ended.Message));
        Assert.Equal([1, 2, 3], (await Store.GetConnectionJournalAsync(job.Id, Ct)).Select(e => e.Sequence));
        Assert.Equal(Cipher("issued"), (await Store.GetConnectionJournalAsync(job.Id, Ct))[1].SealedSecret);
        Assert.Contains(await Store.ListAuditAsync(null, 100, Ct), a => a.Id == audit.Id);
        Assert.NotNull(await Store.TryClaimConnectionAsync(connection.Id, "node-b", At(60), At(10), Ct)); // released
    }

    [ContractFact]
    public async Task GetConnectionAsync_ReadBeforeActivation_ReturnsTheActivatedCredentials()
    {
        var connection = await CreateConnectionAsync();
        var job = await StartConnectionJobAsync(connection);
        Assert.Equal(connection.SealedCredentials, (await Store.GetConnectionAsync(connection.Id, Ct))!.SealedCredentials); // now cached
        var audit = new AuditEntry(Guid.NewGuid(), At(9), "engine", "app-connection.credentials-rotated", "app-connection", null, null, "{}");

        await Store.CompleteConnectionCredentialActivationAsync(new ConnectionCredentialActivation(connection.Id, job.Id, Cipher("rotated"),
            connection.CredentialRotation with { ActiveCredentialId = "new" }, At(9), "done", [Entry(job, 2, "activate", "result")], audit, "node-a"), Ct);

        var read = (await Store.GetConnectionAsync(connection.Id, Ct))!;
        Assert.Equal(Cipher("rotated"), read.SealedCredentials);
        Assert.Equal("new", read.CredentialRotation.ActiveCredentialId);
    }

    [ContractFact]
    public async Task CompleteConnectionCredentialActivationAsync_LeaseLost_ConflictsAndWritesNothing()
    {
        var connection = await CreateConnectionAsync();
        var job = await StartConnectionJobAsync(connection);
        await Store.ReleaseConnectionLeaseAsync(connection.Id, "node-a", Ct);
        await Store.TryClaimConnectionAsync(connection.Id, "node-b", At(60), At(1), Ct);
        var audit = new AuditEntry(Guid.NewGuid(), At(9), "engine", "x", "app-connection", null, null, "{}");

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CompleteConnectionCredentialActivationAsync(
            new ConnectionCredentialActivation(connection.Id, job.Id, Cipher("new"), connection.CredentialRotation with { ActiveCredentialId = "new" }, At(9), "done",
                [Entry(job, 2, "activate", "result")], audit, "node-a"), Ct));

        Assert.Equal(connection.SealedCredentials, (await Store.GetConnectionAsync(connection.Id, Ct))!.SealedCredentials);
        Assert.Equal("running", Assert.Single(await Store.ListConnectionJobsAsync(connection.Id, Ct)).Status);
        Assert.Single(await Store.GetConnectionJournalAsync(job.Id, Ct));
    }

    [ContractFact]
    public async Task FailConnectionJobAsync_UnderLease_EndsTheJobAndKeepsTheCredentials()
    {
        var connection = await CreateConnectionAsync();
        var job = await StartConnectionJobAsync(connection);
        var state = connection.CredentialRotation with { Status = "failed", Message = "refused", LastJobId = job.Id, NextRotationAt = At(50) };
        var audit = new AuditEntry(Guid.NewGuid(), At(9), "engine", "app-connection.credentials-rotation-failed", "app-connection", null, null, "{}");

        await Store.FailConnectionJobAsync(new ConnectionJobFailure(connection.Id, job.Id, state, At(9), "refused", Entry(job, 2, "fail", "result"), audit, "node-a"), Ct);

        var stored = (await Store.GetConnectionAsync(connection.Id, Ct))!;
        Assert.Equal(("failed", "refused", At(50)), (stored.CredentialRotation.Status, stored.CredentialRotation.Message, stored.CredentialRotation.NextRotationAt));
        Assert.Equal(connection.SealedCredentials, stored.SealedCredentials);
        Assert.Equal("failed", Assert.Single(await Store.ListConnectionJobsAsync(connection.Id, Ct)).Status);
        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.FailConnectionJobAsync(new ConnectionJobFailure(connection.Id, job.Id, state, At(9), "again", Entry(job, 3, "fail", "result"), audit with { Id = Guid.NewGuid() }, "node-a"), Ct));
    }

    [ContractFact]
    public async Task ListAbandonedConnectionJobsAsync_OnlyRunningJobsWithoutALiveLease()
    {
        var connection = await CreateConnectionAsync();
        var job = await StartConnectionJobAsync(connection);

        Assert.Empty(await Store.ListAbandonedConnectionJobsAsync(At(30), Ct)); // node-a's lease runs to At(60)
        Assert.Equal([job.Id], (await Store.ListAbandonedConnectionJobsAsync(At(61), Ct)).Select(j => j.Id));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AppendConnectionJournalAsync([Entry(job, 1, "issue", "intent")], Ct));
    }

    [ContractFact]
    public async Task DeleteConnectionAsync_SelfRotationRunning_ReturnsInUseAndKeepsIt()
    {
        var connection = await CreateConnectionAsync();
        await StartConnectionJobAsync(connection);

        Assert.Equal(DeleteConnectionResult.InUse, await Store.DeleteConnectionAsync(connection.Id, Ct));
        Assert.NotNull(await Store.GetConnectionAsync(connection.Id, Ct));
    }

    [ContractFact]
    public async Task DeleteConnectionAsync_WithSelfRotationHistory_DeletesItToo()
    {
        var connection = await CreateConnectionAsync();
        var job = await StartConnectionJobAsync(connection);
        var audit = new AuditEntry(Guid.NewGuid(), At(9), "engine", "x", "app-connection", null, null, "{}");
        await Store.FailConnectionJobAsync(new ConnectionJobFailure(connection.Id, job.Id, connection.CredentialRotation with { Status = "failed" }, At(9), "refused",
            Entry(job, 2, "fail", "result"), audit, "node-a"), Ct);

        Assert.Equal(DeleteConnectionResult.Deleted, await Store.DeleteConnectionAsync(connection.Id, Ct));
        Assert.Empty(await Store.ListConnectionJobsAsync(connection.Id, Ct));
        Assert.Empty(await Store.GetConnectionJournalAsync(job.Id, Ct));
    }

    /// <summary>Claims the connection for node-a until At(60) and starts a job with its first entry (sequence 1).</summary>
    private async Task<ConnectionJob> StartConnectionJobAsync(AppConnection connection)
    {
        Assert.NotNull(await Store.TryClaimConnectionAsync(connection.Id, "node-a", At(60), At(0), Ct));
        var job = new ConnectionJob(Guid.NewGuid(), connection.Id, "manual", "running", At(1), null, null);
        await Store.StartConnectionJobAsync(job, [Entry(job, 1, "issue", "intent")], Ct);
        return job;
    }

    private static JournalEntry Entry(ConnectionJob job, int sequence, string step, string phase, byte[]? sealedSecret = null) =>
        new(job.Id, sequence, step, phase, "{}", sealedSecret, At(sequence));
}
