using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task TryAcquireLeaseAsync_RacingOwners_ExactlyOneWins()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        await using var otherNode = await OpenSecondStoreAsync();

        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : otherNode).TryAcquireLeaseAsync(rotation.Id, $"node-{i}", At(300), T0, Ct))));

        Assert.Single(wins, won => won);
    }

    [ContractFact]
    public async Task TryAcquireLeaseAsync_HeldLease_RefusedUntilExpiredThenTakenOver()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(60), T0, Ct));

        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(120), At(59), Ct));
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(120), At(60), Ct));
        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(180), At(61), Ct));
    }

    [ContractFact]
    public async Task TryClaimAsync_FreeHeldExpiredAndMissing_ReturnsTheRowOnlyToTheOwnerThatWins()
    {
        var (_, _, rotation) = await SeedRotationAsync();

        Assert.Equal(rotation, await Store.TryClaimAsync(rotation.Id, "node-a", At(60), T0, Ct));
        Assert.Null(await Store.TryClaimAsync(rotation.Id, "node-b", At(120), At(59), Ct));
        Assert.Equal(rotation, await Store.TryClaimAsync(rotation.Id, "node-a", At(90), At(30), Ct));
        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(120), At(89), Ct));
        Assert.Equal(rotation, await Store.TryClaimAsync(rotation.Id, "node-b", At(150), At(90), Ct));
        Assert.Null(await Store.TryClaimAsync(Guid.NewGuid(), "node-a", At(60), T0, Ct));
    }

    [ContractFact]
    public async Task TryClaimAsync_RacingOwners_ExactlyOneGetsTheRow()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        await using var otherNode = await OpenSecondStoreAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : otherNode).TryClaimAsync(rotation.Id, $"node-{i}", At(300), T0, Ct))));

        Assert.Equal(rotation, Assert.Single(claims, claimed => claimed is not null));
    }

    [ContractFact]
    public async Task TryAcquireLeaseAsync_SameOwner_Renews()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(60), T0, Ct));

        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(120), At(30), Ct));

        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(200), At(90), Ct));
    }

    [ContractFact]
    public async Task TryAcquireLeaseAsync_MissingRotation_ReturnsFalse() =>
        Assert.False(await Store.TryAcquireLeaseAsync(Guid.NewGuid(), "node-a", At(60), T0, Ct));

    [ContractFact]
    public async Task ReleaseLeaseAsync_ByHolderOnly_FreesTheRotation()
    {
        var (_, _, rotation) = await SeedRotationAsync();
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-a", At(60), T0, Ct));

        await Store.ReleaseLeaseAsync(rotation.Id, "node-b", Ct);
        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(60), At(1), Ct));

        await Store.ReleaseLeaseAsync(rotation.Id, "node-a", Ct);
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(60), At(1), Ct));
    }
}
