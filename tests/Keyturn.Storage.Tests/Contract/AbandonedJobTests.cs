using Keyturn.Core.Domain;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task ListAbandonedJobsAsync_LeaseNotHeld_ReturnsRunningJobsOldestFirst()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var newer = await StartJobAsync(rotation.Id, At(20));
        var older = await StartJobAsync(rotation.Id, At(10));
        await Store.StartJobAsync(new RotationJob(Guid.NewGuid(), rotation.Id, "schedule", "failed", 0, At(5), At(6), "x"), [], Ct);

        Assert.Equal([older, newer], await Store.ListAbandonedJobsAsync(At(30), Ct));
    }

    [ContractFact]
    public async Task ListAbandonedJobsAsync_LeaseHeld_SkipsTheJobUntilTheLeaseExpires()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(60), T0, Ct));

        Assert.Empty(await Store.ListAbandonedJobsAsync(At(59), Ct));
        Assert.Equal([job], await Store.ListAbandonedJobsAsync(At(60), Ct));
    }

    [ContractFact]
    public async Task ListAbandonedJobsAsync_LeaseReleased_ReturnsTheJob()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        var job = await StartJobAsync(rotation.Id);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(60), T0, Ct));
        await Store.ReleaseLeaseAsync(rotation.Id, "node-a", Ct);

        Assert.Equal([job], await Store.ListAbandonedJobsAsync(At(1), Ct));
    }

    [ContractFact]
    public async Task ListAbandonedJobsAsync_OtherRotationsLease_DoesNotProtectThisJob()
    {
        var (seed, connection, rotation) = await SeedRotationAsync();
        var other = NewRotation(seed, connection, "other");
        await Store.CreateRotationAsync(other, Ct);
        var job = await StartJobAsync(rotation.Id);
        Assert.True(await Store.TryAcquireLeaseAsync(other.Id, "node-a", At(60), T0, Ct));

        Assert.Equal([job], await Store.ListAbandonedJobsAsync(At(1), Ct));
    }
}
