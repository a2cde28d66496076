using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task WriteSecretVersionAsync_VersionOne_CreatesSecret()
    {
        var seed = await SeedAsync();
        var write = NewWrite(seed.Folder.Id, "DB_PASSWORD", at: T0.AddTicks(4_567)); // sub-millisecond ticks are dropped

        await Store.WriteSecretVersionAsync(write, Ct);

        var expected = new StoredSecret(write.SecretId, seed.Folder.Id, "DB_PASSWORD", 1, write.Ciphertext, null, T0, T0);
        var stored = await Store.GetSecretAsync(seed.Folder.Id, "DB_PASSWORD", Ct);
        Assert.NotNull(stored);
        Assert.Equal(expected with { Ciphertext = stored.Ciphertext }, stored);
        Assert.Equal(write.Ciphertext, stored.Ciphertext);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_VersionOneOnTakenKey_ConflictsNamingTheKey()
    {
        var seed = await SeedAsync();
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "API_KEY"), Ct);
        var second = NewWrite(seed.Folder.Id, "API_KEY");

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => Store.WriteSecretVersionAsync(second, Ct));

        Assert.Contains("API_KEY", error.Message);
        Assert.DoesNotContain("sealed:", error.Message);
        Assert.Null(await Store.GetSecretVersionAsync(seed.Folder.Id, "API_KEY", 2, Ct));
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_MissingFolder_ConflictsAndStoresNothing()
    {
        var write = NewWrite(Guid.NewGuid(), "ORPHAN");

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.WriteSecretVersionAsync(write, Ct));

        Assert.Null(await Store.GetSecretAsync(write.FolderId, "ORPHAN", Ct));
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_SameKeyInAnotherFolder_Succeeds()
    {
        var seed = await SeedAsync();
        var other = await Store.GetOrCreateFolderAsync(seed.Environment.Id, "/other", T0, Ct);

        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "API_KEY"), Ct);
        await Store.WriteSecretVersionAsync(NewWrite(other.Id, "API_KEY"), Ct);

        Assert.NotNull(await Store.GetSecretAsync(other.Id, "API_KEY", Ct));
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_NextVersion_AppendsAndKeepsEveryVersion()
    {
        var seed = await SeedAsync();
        var first = NewWrite(seed.Folder.Id, "TOKEN");
        await Store.WriteSecretVersionAsync(first, Ct);

        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN", 2, first.SecretId), Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN", 3, first.SecretId), Ct);

        var latest = await Store.GetSecretAsync(seed.Folder.Id, "TOKEN", Ct);
        Assert.Equal((3, At(1), At(3)), (latest!.Version, latest.CreatedAt, latest.UpdatedAt));
        Assert.Equal(Cipher("TOKEN:v3"), latest.Ciphertext);
        var v1 = await Store.GetSecretVersionAsync(seed.Folder.Id, "TOKEN", 1, Ct);
        Assert.Equal((1, At(1)), (v1!.Version, v1.UpdatedAt));
        Assert.Equal(Cipher("TOKEN:v1"), v1.Ciphertext);
        Assert.Equal(Cipher("TOKEN:v2"), (await Store.GetSecretVersionAsync(seed.Folder.Id, "TOKEN", 2, Ct))!.Ciphertext);
        Assert.Null(await Store.GetSecretVersionAsync(seed.Folder.Id, "TOKEN", 4, Ct));
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_StaleOrSkippedVersion_Conflicts()
    {
        var seed = await SeedAsync();
        var first = NewWrite(seed.Folder.Id, "TOKEN");
        await Store.WriteSecretVersionAsync(first, Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN", 2, first.SecretId), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN", 2, first.SecretId), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN", 4, first.SecretId), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "GHOST", 2), Ct));

        Assert.Equal(2, (await Store.GetSecretAsync(seed.Folder.Id, "TOKEN", Ct))!.Version);
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_RacingWritersOfOneVersion_ExactlyOneWins()
    {
        var seed = await SeedAsync();
        var first = NewWrite(seed.Folder.Id, "TOKEN");
        await Store.WriteSecretVersionAsync(first, Ct);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN", 2, first.SecretId), Ct);
                return true;
            }
            catch (StoreConflictException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
    }

    [ContractFact]
    public async Task WriteSecretVersionAsync_ParallelWritersOfDifferentSecrets_AllSucceed()
    {
        var seed = await SeedAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var id = Guid.NewGuid();
            for (var version = 1; version <= 5; version++)
            {
                await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, $"KEY_{i}", version, id), Ct);
            }
        })));

        var secrets = await Store.ListSecretsAsync(seed.Folder.Id, Ct);
        Assert.Equal(8, secrets.Count);
        Assert.All(secrets, s => Assert.Equal(5, s.Version));
    }

    [ContractFact]
    public async Task ListSecretsAsync_SeveralKeys_LatestVersionsOrderedByKeyBytewise()
    {
        var seed = await SeedAsync();
        var b = NewWrite(seed.Folder.Id, "b");
        await Store.WriteSecretVersionAsync(b, Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "b", 2, b.SecretId), Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "a"), Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "B"), Ct);
        var other = await Store.GetOrCreateFolderAsync(seed.Environment.Id, "/other", T0, Ct);
        await Store.WriteSecretVersionAsync(NewWrite(other.Id, "elsewhere"), Ct);

        var secrets = await Store.ListSecretsAsync(seed.Folder.Id, Ct);

        Assert.Equal([("B", 1), ("a", 1), ("b", 2)], secrets.Select(s => (s.Key, s.Version)));
    }

    [ContractFact]
    public async Task GetSecretAsync_Missing_ReturnsNull()
    {
        var seed = await SeedAsync();

        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "NOPE", Ct));
        Assert.Null(await Store.GetSecretVersionAsync(seed.Folder.Id, "NOPE", 1, Ct));
        Assert.Empty(await Store.ListSecretsAsync(seed.Folder.Id, Ct));
    }

    [ContractFact]
    public async Task DeleteSecretAsync_Existing_RemovesEveryVersionAndFreesTheKey()
    {
        var seed = await SeedAsync();
        var first = NewWrite(seed.Folder.Id, "TOKEN");
        await Store.WriteSecretVersionAsync(first, Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN", 2, first.SecretId), Ct);

        Assert.True(await Store.DeleteSecretAsync(first.SecretId, Ct));

        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "TOKEN", Ct));
        Assert.Null(await Store.GetSecretVersionAsync(seed.Folder.Id, "TOKEN", 1, Ct));
        Assert.False(await Store.DeleteSecretAsync(first.SecretId, Ct));
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "TOKEN"), Ct);
    }

    [ContractFact]
    public async Task ListSecretsOwnedByAsync_MixedOwners_ReturnsOnlyTheRotationsLatestVersions()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var owned = NewWrite(seed.Folder.Id, "CLIENT_SECRET", owner: rotation.Id);
        await Store.WriteSecretVersionAsync(owned, Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "CLIENT_SECRET", 2, owned.SecretId, rotation.Id), Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "CLIENT_ID", owner: rotation.Id), Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "UNOWNED"), Ct);

        var secrets = await Store.ListSecretsOwnedByAsync(rotation.Id, Ct);

        Assert.Equal([("CLIENT_ID", 1), ("CLIENT_SECRET", 2)], secrets.Select(s => (s.Key, s.Version)));
        Assert.All(secrets, s => Assert.Equal(rotation.Id, s.OwnerRotationId));
    }
}
