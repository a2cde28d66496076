using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

/// <summary>
/// The hot reads (token, project, environments, folder, current secret, connection, environment and folder by id)
/// are served from memory; these tests read first, so the old row is cached, then write, and check the next read
/// sees the write. Writes say which kinds of cached rows they may change; an activation changes current secrets.
/// </summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task GetSecretAsync_ReadBeforeNewVersion_ReturnsTheNewVersion()
    {
        var seed = await SeedAsync();
        var first = NewWrite(seed.Folder.Id, "API_KEY");
        await Store.WriteSecretVersionAsync(first, Ct);
        Assert.Equal(1, (await Store.GetSecretAsync(seed.Folder.Id, "API_KEY", Ct))!.Version);

        await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "API_KEY", version: 2, id: first.SecretId), Ct);

        var current = await Store.GetSecretAsync(seed.Folder.Id, "API_KEY", Ct);
        Assert.Equal(2, current!.Version);
        Assert.Equal(Cipher("API_KEY:v2"), current.Ciphertext);
    }

    [ContractFact]
    public async Task GetSecretAsync_ReadBeforeActivation_ReturnsTheActivatedVersion()
    {
        var (seed, _, rotation) = await SeedRotationAsync();
        var existing = NewWrite(seed.Folder.Id, "CLIENT_SECRET", owner: rotation.Id);
        await Store.WriteSecretVersionAsync(existing, Ct);
        var job = await StartJobAsync(rotation.Id);
        Assert.Equal(1, (await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_SECRET", Ct))!.Version);
        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_ID", Ct));

        await Store.CompleteActivationAsync(NewActivation(seed, rotation, job,
            [NewWrite(seed.Folder.Id, "CLIENT_SECRET", 2, existing.SecretId, rotation.Id, At(9)), NewWrite(seed.Folder.Id, "CLIENT_ID", 1, owner: rotation.Id, at: At(9))]), Ct);

        Assert.Equal(2, (await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_SECRET", Ct))!.Version);
        Assert.Equal(1, (await Store.GetSecretAsync(seed.Folder.Id, "CLIENT_ID", Ct))!.Version);
    }

    [ContractFact]
    public async Task GetConnectionAsync_ReadBeforeDelete_ReturnsNull()
    {
        var connection = await CreateConnectionAsync();
        Assert.Equal(connection.Name, (await Store.GetConnectionAsync(connection.Id, Ct))?.Name);

        Assert.Equal(DeleteConnectionResult.Deleted, await Store.DeleteConnectionAsync(connection.Id, Ct));

        Assert.Null(await Store.GetConnectionAsync(connection.Id, Ct));
    }

    [ContractFact]
    public async Task GetSecretAsync_ReadBeforeDelete_ReturnsNull()
    {
        var seed = await SeedAsync();
        var write = NewWrite(seed.Folder.Id, "GONE");
        await Store.WriteSecretVersionAsync(write, Ct);
        Assert.NotNull(await Store.GetSecretAsync(seed.Folder.Id, "GONE", Ct));

        await Store.DeleteSecretAsync(write.SecretId, Ct);

        Assert.Null(await Store.GetSecretAsync(seed.Folder.Id, "GONE", Ct));
    }

    [ContractFact]
    public async Task FindTokenByHashAsync_ReadBeforeTheNameGetsANewHash_NoLongerFindsTheOldOne()
    {
        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", Cipher("old"), "admin", T0, null), Ct);
        Assert.NotNull(await Store.FindTokenByHashAsync(Cipher("old"), Ct));

        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", Cipher("new"), "admin", T0, null), Ct);

        Assert.Null(await Store.FindTokenByHashAsync(Cipher("old"), Ct));
        Assert.NotNull(await Store.FindTokenByHashAsync(Cipher("new"), Ct));
    }

    [ContractFact]
    public async Task FindTokenByHashAsync_TwoHashesSharingTheirFirstHalf_EachFindsItsOwnToken()
    {
        // The cache keys tokens by the first 16 bytes of the hash; a token counts only when the whole hash matches.
        var first = Enumerable.Repeat((byte)7, 32).ToArray();
        var second = first.ToArray();
        second[31] = 8;
        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "first", first, "admin", T0, null), Ct);
        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "second", second, "admin", T0, null), Ct);

        for (var round = 0; round < 2; round++)
        {
            Assert.Equal("first", (await Store.FindTokenByHashAsync(first, Ct))?.Name);
            Assert.Equal("second", (await Store.FindTokenByHashAsync(second, Ct))?.Name);
        }

        var third = first.ToArray();
        third[20] = 9;
        Assert.Null(await Store.FindTokenByHashAsync(third, Ct));
    }

    [ContractFact]
    public async Task GetFolderAsync_ReadBeforeCreate_ThenFindsTheFolder()
    {
        var seed = await SeedAsync();
        Assert.Null(await Store.GetFolderAsync(seed.Environment.Id, "/later", Ct));

        var created = await Store.GetOrCreateFolderAsync(seed.Environment.Id, "/later", T0, Ct);

        Assert.Equal(created, await Store.GetFolderAsync(seed.Environment.Id, "/later/", Ct));
    }

    [ContractFact]
    public async Task GetSecretAsync_ConcurrentReadsDuringWrites_NeverReturnAnOlderVersionAfterAWriteReturned()
    {
        var seed = await SeedAsync();
        var first = NewWrite(seed.Folder.Id, "HOT");
        await Store.WriteSecretVersionAsync(first, Ct);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Store.GetSecretAsync(seed.Folder.Id, "HOT", Ct);
            }
        })).ToList();

        for (var version = 2; version <= 20; version++)
        {
            await Store.WriteSecretVersionAsync(NewWrite(seed.Folder.Id, "HOT", version: version, id: first.SecretId), Ct);
            Assert.Equal(version, (await Store.GetSecretAsync(seed.Folder.Id, "HOT", Ct))!.Version);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
    }
}
