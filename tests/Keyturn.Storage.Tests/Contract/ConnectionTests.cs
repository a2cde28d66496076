using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task CreateConnectionAsync_New_RoundTrips()
    {
        var connection = await CreateConnectionAsync();

        var stored = await Store.GetConnectionAsync(connection.Id, Ct);

        Assert.Equal(connection with { SealedCredentials = stored!.SealedCredentials }, stored);
        Assert.Equal(connection.SealedCredentials, stored.SealedCredentials);
    }

    [ContractFact]
    public async Task CreateConnectionAsync_TakenName_ConflictsNamingIt()
    {
        await CreateConnectionAsync("shared");

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => CreateConnectionAsync("shared"));

        Assert.Contains("shared", error.Message);
        Assert.Single(await Store.ListConnectionsAsync(Ct));
    }

    [ContractFact]
    public async Task ListConnectionsAsync_Several_OrderedByCreationTime()
    {
        var late = await CreateConnectionAsync("late", At(20));
        var early = await CreateConnectionAsync("early", At(10));

        Assert.Equal([early.Id, late.Id], (await Store.ListConnectionsAsync(Ct)).Select(c => c.Id));
        Assert.Null(await Store.GetConnectionAsync(Guid.NewGuid(), Ct));
    }

    [ContractFact]
    public async Task DeleteConnectionAsync_Unused_Deletes()
    {
        var connection = await CreateConnectionAsync();

        Assert.Equal(DeleteConnectionResult.Deleted, await Store.DeleteConnectionAsync(connection.Id, Ct));
        Assert.Null(await Store.GetConnectionAsync(connection.Id, Ct));
    }

    [ContractFact]
    public async Task DeleteConnectionAsync_Missing_ReturnsNotFound() =>
        Assert.Equal(DeleteConnectionResult.NotFound, await Store.DeleteConnectionAsync(Guid.NewGuid(), Ct));

    [ContractFact]
    public async Task DeleteConnectionAsync_UsedByRotation_ReturnsInUseAndKeepsIt()
    {
        var (_, connection, _) = await SeedRotationAsync();

        Assert.Equal(DeleteConnectionResult.InUse, await Store.DeleteConnectionAsync(connection.Id, Ct));
        Assert.NotNull(await Store.GetConnectionAsync(connection.Id, Ct));
    }
}
