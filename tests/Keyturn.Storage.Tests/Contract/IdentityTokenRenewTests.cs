using Keyturn.Core.Domain;
using Keyturn.Core.Identities;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

/// <summary>Renewal's store half: the max TTL stored with the identity (migration 11) and the conditional expiry update.</summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task CreateIdentityAsync_KeepsItsAccessTokenMaxTtl()
    {
        var identity = new Identity(Guid.NewGuid(), "renewing", Guid.NewGuid(), 600, T0, 900);

        await Store.CreateIdentityAsync(identity, Ct);

        Assert.Equal(900, (await Store.GetIdentityAsync(identity.Id, Ct))!.AccessTokenMaxTtlSeconds);
    }

    [ContractFact]
    public async Task ExtendIdentityTokenAsync_LiveToken_GetsTheNewExpiryOnEveryNode()
    {
        var identity = new Identity(Guid.NewGuid(), "renewing", Guid.NewGuid(), 7200, T0);
        await Store.CreateIdentityAsync(identity, Ct);
        await Store.CreateIdentityTokenAsync(RenewableToken(identity, "token", At(7200)), Ct);
        await using var other = await OpenSecondStoreAsync();
        Assert.Equal(At(7200), (await other.FindTokenByHashAsync(Cipher("token"), Ct))!.ExpiresAt);

        Assert.True(await Store.ExtendIdentityTokenAsync(Cipher("token"), At(7000), At(14200), Ct));

        Assert.Equal(At(14200), (await other.FindTokenByHashAsync(Cipher("token"), Ct))!.ExpiresAt);
    }

    [ContractFact]
    public async Task ExtendIdentityTokenAsync_ExpiredRevokedOrRootToken_ChangesNothing()
    {
        var identity = new Identity(Guid.NewGuid(), "renewing", Guid.NewGuid(), 7200, T0);
        await Store.CreateIdentityAsync(identity, Ct);
        await Store.CreateIdentityTokenAsync(RenewableToken(identity, "expired", At(100)), Ct);
        await Store.CreateIdentityTokenAsync(RenewableToken(identity, "revoked", At(7200)), Ct);
        await Store.RevokeIdentityTokenAsync(Cipher("revoked"), At(1), Ct);
        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", Cipher("root"), AccessToken.AdminScope, T0, null), Ct);

        Assert.False(await Store.ExtendIdentityTokenAsync(Cipher("expired"), At(100), At(7300), Ct));
        Assert.False(await Store.ExtendIdentityTokenAsync(Cipher("revoked"), At(2), At(7300), Ct));
        Assert.False(await Store.ExtendIdentityTokenAsync(Cipher("root"), At(2), At(7300), Ct));

        Assert.Equal(At(100), (await Store.FindTokenByHashAsync(Cipher("expired"), Ct))!.ExpiresAt);
        Assert.Null(await Store.FindTokenByHashAsync(Cipher("revoked"), Ct));
        Assert.Null((await Store.FindTokenByHashAsync(Cipher("root"), Ct))!.ExpiresAt);
    }

    private static AccessToken RenewableToken(Identity identity, string hashSeed, DateTimeOffset expiresAt) =>
        new(Guid.NewGuid(), $"identity:{identity.Id}", Cipher(hashSeed), AccessToken.IdentityScope, T0, expiresAt, identity.Id);
}
