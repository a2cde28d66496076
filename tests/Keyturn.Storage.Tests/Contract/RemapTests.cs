using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task RemapRotationSecretsAsync_Delete_CreatesNewNameAndDeletesOldWithItsVersions()
    {
        var (seed, rotation, old) = await SeedMappedRotationAsync();
        var unowned = await WriteUnownedAsync(seed, "UNOWNED");
        var renamed = rotation with { SecretsMappingJson = """{"clientSecret":"NEW_SECRET"}""", UpdatedAt = At(5) };
        var created = NewWrite(seed.Folder.Id, "NEW_SECRET", owner: rotation.Id, at: At(5));

        Assert.True(await Store.RemapRotationSecretsAsync(new RotationRemap(renamed, [created], [old.Id, unowned.Id], KeepLeavingSecrets: false), Ct));

        Assert.Equal(renamed, await Store.GetRotationAsync(rotation.Id, Ct));
        var now = await Store.GetSecretAsync(seed.Folder.Id, "NEW_SECRET", Ct);
        Assert.Equal((created.SecretId, 1, rotation.Id), (now!.Id, now.Version, now.OwnerRotationId));
        Assert.Equal(created.Ciphertext, now.Ciphertext);
        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "OLD_SECRET", Ct));
        Assert.Null(await Store.GetSecretVersionAsync(seed.Folder.Id, "OLD_SECRET", 1, Ct));
        AssertSame(unowned, await Store.GetSecretAsync(seed.Folder.Id, "UNOWNED", Ct));
        Assert.Equal(["NEW_SECRET"], (await Store.ListSecretsOwnedByAsync(rotation.Id, Ct)).Select(s => s.Key));
    }

    [ContractFact]
    public async Task RemapRotationSecretsAsync_Keep_ReleasesOldNameAsWritableSecretWithItsVersions()
    {
        var (seed, rotation, old) = await SeedMappedRotationAsync();
        var renamed = rotation with { SecretsMappingJson = """{"clientSecret":"NEW_SECRET"}""", UpdatedAt = At(5) };

        Assert.True(await Store.RemapRotationSecretsAsync(
            new RotationRemap(renamed, [NewWrite(seed.Folder.Id, "NEW_SECRET", owner: rotation.Id, at: At(5))], [old.Id], KeepLeavingSecrets: true), Ct));

        var released = await Store.GetSecretAsync(seed.Folder.Id, "OLD_SECRET", Ct);
        Assert.Equal((old.Id, 2, (Guid?)null), (released!.Id, released.Version, released.OwnerRotationId));
        Assert.NotNull(await Store.GetSecretVersionAsync(seed.Folder.Id, "OLD_SECRET", 1, Ct));
        Assert.Equal(["NEW_SECRET"], (await Store.ListSecretsOwnedByAsync(rotation.Id, Ct)).Select(s => s.Key));
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "OLD_SECRET", 3, old.Id), Ct);
    }

    [ContractFact]
    public async Task RemapRotationSecretsAsync_NewNameTaken_ConflictsNamingItAndWritesNothing()
    {
        var (seed, rotation, old) = await SeedMappedRotationAsync();
        var taken = await WriteUnownedAsync(seed, "TAKEN");
        var renamed = rotation with { SecretsMappingJson = """{"clientSecret":"TAKEN","clientId":"ALSO_NEW"}""", UpdatedAt = At(5) };
        var writes = new[] { NewWrite(seed.Folder.Id, "ALSO_NEW", owner: rotation.Id), NewWrite(seed.Folder.Id, "TAKEN", owner: rotation.Id) };

        var error = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.RemapRotationSecretsAsync(new RotationRemap(renamed, writes, [old.Id], KeepLeavingSecrets: false), Ct));

        Assert.Contains("TAKEN", error.Message);
        Assert.Equal(rotation, await Store.GetRotationAsync(rotation.Id, Ct));
        AssertSame(taken, await Store.GetSecretAsync(seed.Folder.Id, "TAKEN", Ct));
        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "ALSO_NEW", Ct));
        AssertSame(old, await Store.GetSecretAsync(seed.Folder.Id, "OLD_SECRET", Ct));
    }

    [ContractFact]
    public async Task RemapRotationSecretsAsync_MissingRotation_ReturnsFalseAndWritesNothing()
    {
        var (seed, rotation, old) = await SeedMappedRotationAsync();
        var ghost = rotation with { Id = Guid.NewGuid(), Name = "ghost" };

        Assert.False(await Store.RemapRotationSecretsAsync(
            new RotationRemap(ghost, [NewWrite(seed.Folder.Id, "NEW_SECRET", owner: rotation.Id)], [old.Id], KeepLeavingSecrets: false), Ct));

        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "NEW_SECRET", Ct));
        AssertSame(old, await Store.GetSecretAsync(seed.Folder.Id, "OLD_SECRET", Ct));
    }

    [ContractFact]
    public async Task RemapRotationSecretsAsync_LeaseHeld_KeepsTheLease()
    {
        var (seed, rotation, old) = await SeedMappedRotationAsync();
        Assert.True(await Store.TryAcquireLeaseAsync(rotation.Id, "update:1", At(600), T0, Ct));

        await Store.RemapRotationSecretsAsync(new RotationRemap(rotation, [], [old.Id], KeepLeavingSecrets: true), Ct);

        Assert.False(await Store.TryAcquireLeaseAsync(rotation.Id, "node-b", At(600), At(4), Ct));
    }

    /// <summary>A rotation mapping clientSecret to OLD_SECRET, which it owns at version 2.</summary>
    private async Task<(Seed Seed, SecretRotation Rotation, StoredSecret Old)> SeedMappedRotationAsync()
    {
        var seed = await SeedAsync();
        var connection = await CreateConnectionAsync();
        var rotation = NewRotation(seed, connection) with { SecretsMappingJson = """{"clientSecret":"OLD_SECRET"}""" };
        await Store.CreateRotationAsync(rotation, Ct);
        var first = NewWrite(seed.Folder.Id, "OLD_SECRET", owner: rotation.Id);
        await Store.WriteSecretVersionAsync(first, Ct);
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "OLD_SECRET", 2, first.SecretId, rotation.Id), Ct);
        return (seed, rotation, (await Store.GetSecretAsync(seed.Folder.Id, "OLD_SECRET", Ct))!);
    }

    // Records compare byte arrays by reference, so the ciphertext is compared by content.
    private static void AssertSame(StoredSecret expected, StoredSecret? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Ciphertext = actual.Ciphertext }, actual);
        Assert.Equal(expected.Ciphertext, actual.Ciphertext);
    }

    private async Task<StoredSecret> WriteUnownedAsync(Seed seed, string key)
    {
        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, key), Ct);
        return (await Store.GetSecretAsync(seed.Folder.Id, key, Ct))!;
    }
}
