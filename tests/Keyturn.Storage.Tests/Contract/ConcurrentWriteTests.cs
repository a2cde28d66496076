using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

/// <summary>
/// Concurrent writes: SQLite commits them in groups (one fsync for many), PostgreSQL in parallel transactions.
/// Either way each caller must see exactly its own outcome: a conflict fails that write alone.
/// </summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task WriteSecretVersionAsync_ManyAtOnceWithSomeConflicts_OnlyTheConflictingOnesFailAndTheRestAreStored()
    {
        var seed = await SeedAsync();
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TAKEN_0"), Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TAKEN_1"), Ct);
        var keys = Enumerable.Range(0, 30).Select(i => i % 10 == 0 ? $"TAKEN_{i / 10 % 2}" : $"FREE_{i}").ToList();

        var outcomes = await Task.WhenAll(keys.Select(async key =>
        {
            try
            {
                await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, key), Ct);
                return (key, error: (Exception?)null);
            }
            catch (StoreConflictException e)
            {
                return (key, error: e);
            }
        }));

        foreach (var (key, error) in outcomes)
        {
            if (key.StartsWith("TAKEN_", StringComparison.Ordinal))
            {
                Assert.NotNull(error);
                Assert.Contains(key, error.Message);
            }
            else
            {
                Assert.Null(error);
                Assert.NotNull(await Store.GetSecretAsync(seed.Folder.Id, key, Ct));
            }
        }

        Assert.Equal(27 + 2, (await Store.ListSecretsAsync(seed.Folder.Id, Ct)).Count);
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_ConflictAlone_FailsAndTheNextWritesAndReadsWork()
    {
        // A lone write commits without a savepoint, on a connection that goes back to the pool with its prepared
        // statements: after a conflict rolled its transaction back, the same statements must work again.
        var seed = await SeedAsync();
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "ONE"), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "ONE"), Ct));
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TWO"), Ct);

        Assert.Equal(["ONE", "TWO"], (await Store.ListSecretsAsync(seed.Folder.Id, Ct)).Select(s => s.Key));
    }

    [ContractFact]
    public async Task TryAcquireLeaseAsync_ManyAtOnce_ExactlyOneWins()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var rotation = NewRotation(seed, connection);
        await Store.CreateRotationAsync(rotation, Ct);

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Store.TryAcquireLeaseAsync(rotation.Id, $"node-{i}", At(60), At(0), Ct)));

        Assert.Single(wins, won => won);
    }
}
