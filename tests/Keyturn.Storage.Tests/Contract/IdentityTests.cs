using Keyturn.Core.Domain;
using Keyturn.Core.Identities;
using Keyturn.Core.Storage;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task CreateIdentityAsync_ReadBackByIdClientIdAndList()
    {
        var identity = NewIdentity("billing");

        await Store.CreateIdentityAsync(identity, Ct);

        Assert.Equal(identity, await Store.GetIdentityAsync(identity.Id, Ct));
        Assert.Equal(identity, await Store.FindIdentityByClientIdAsync(identity.ClientId, Ct));
        Assert.Equal([identity], await Store.ListIdentitiesAsync(Ct));
        Assert.Null(await Store.FindIdentityByClientIdAsync(Guid.NewGuid(), Ct));
    }

    [ContractFact]
    public async Task CreateIdentityAsync_TakenName_Conflicts()
    {
        await Store.CreateIdentityAsync(NewIdentity("billing"), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateIdentityAsync(NewIdentity("billing"), Ct));
    }

    [ContractFact]
    public async Task AddClientSecretAsync_ListsItWithEveryField()
    {
        var identity = NewIdentity("billing");
        await Store.CreateIdentityAsync(identity, Ct);
        var secret = new IdentityClientSecret(Guid.NewGuid(), identity.Id, Cipher("secret"), "ab12", "ci", ["10.0.0.0/8", "::1/128"], T0, At(60));

        await Store.AddClientSecretAsync(secret, Ct);

        var stored = Assert.Single(await Store.ListClientSecretsAsync(identity.Id, Ct));
        Assert.Equal(secret.Hash, stored.Hash);
        Assert.Equal(secret.TrustedIps, stored.TrustedIps);
        Assert.Equal(secret with { Hash = stored.Hash, TrustedIps = stored.TrustedIps }, stored);
    }

    [ContractFact]
    public async Task AddClientSecretAsync_UnknownIdentity_Conflicts()
    {
        var secret = new IdentityClientSecret(Guid.NewGuid(), Guid.NewGuid(), Cipher("secret"), "ab12", null, [], T0, null);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddClientSecretAsync(secret, Ct));
    }

    [ContractFact]
    public async Task DeleteClientSecretAsync_OnlyThatIdentitysSecret()
    {
        var identity = NewIdentity("billing");
        await Store.CreateIdentityAsync(identity, Ct);
        var secret = new IdentityClientSecret(Guid.NewGuid(), identity.Id, Cipher("secret"), "ab12", null, [], T0, null);
        await Store.AddClientSecretAsync(secret, Ct);

        Assert.False(await Store.DeleteClientSecretAsync(Guid.NewGuid(), secret.Id, Ct));
        Assert.True(await Store.DeleteClientSecretAsync(identity.Id, secret.Id, Ct));

        Assert.Empty(await Store.ListClientSecretsAsync(identity.Id, Ct));
    }

    [ContractFact]
    public async Task CreateIdentityTokenAsync_FoundByHashWithItsIdentity()
    {
        var identity = NewIdentity("billing");
        await Store.CreateIdentityAsync(identity, Ct);
        var token = IdentityToken(identity, "token");

        await Store.CreateIdentityTokenAsync(token, Ct);

        var found = await Store.FindTokenByHashAsync(Cipher("token"), Ct);
        Assert.Equal(token with { Hash = found!.Hash }, found);
    }

    [ContractFact]
    public async Task CreateIdentityTokenAsync_UnknownIdentity_ConflictsAndStoresNothing()
    {
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateIdentityTokenAsync(IdentityToken(NewIdentity("gone"), "token"), Ct));

        Assert.Null(await Store.FindTokenByHashAsync(Cipher("token"), Ct));
    }

    [ContractFact]
    public async Task RevokeIdentityTokenAsync_NotFoundAfterwardsAndOnlyOnce()
    {
        var identity = NewIdentity("billing");
        await Store.CreateIdentityAsync(identity, Ct);
        await Store.CreateIdentityTokenAsync(IdentityToken(identity, "token"), Ct);

        Assert.True(await Store.RevokeIdentityTokenAsync(Cipher("token"), At(1), Ct));

        Assert.Null(await Store.FindTokenByHashAsync(Cipher("token"), Ct));
        Assert.False(await Store.RevokeIdentityTokenAsync(Cipher("token"), At(2), Ct));
    }

    [ContractFact]
    public async Task RevokeIdentityTokenAsync_RootToken_IsLeftAlone()
    {
        await Store.EnsureTokenAsync(new AccessToken(Guid.NewGuid(), "root", Cipher("root"), AccessToken.AdminScope, T0, null), Ct);

        Assert.False(await Store.RevokeIdentityTokenAsync(Cipher("root"), At(1), Ct));

        Assert.NotNull(await Store.FindTokenByHashAsync(Cipher("root"), Ct));
    }

    /// <summary>
    /// Another node (a second store on the same database, with its own read cache) that has just read a token sees its
    /// revocation on its very next lookup, without waiting for any cache invalidation to reach it.
    /// </summary>
    [ContractFact]
    public async Task RevokeIdentityTokenAsync_OtherNodeThatReadTheToken_RefusesItOnTheNextLookup()
    {
        var identity = NewIdentity("billing");
        await Store.CreateIdentityAsync(identity, Ct);
        await Store.CreateIdentityTokenAsync(IdentityToken(identity, "token"), Ct);
        await using var other = await OpenSecondStoreAsync();
        Assert.NotNull(await other.FindTokenByHashAsync(Cipher("token"), Ct));
        Assert.NotNull(await other.FindTokenByHashAsync(Cipher("token"), Ct));

        await Store.RevokeIdentityTokenAsync(Cipher("token"), At(1), Ct);

        Assert.Null(await other.FindTokenByHashAsync(Cipher("token"), Ct));
    }

    [ContractFact]
    public async Task DeleteIdentityAsync_RemovesSecretsAndRevokesTokens()
    {
        var identity = NewIdentity("billing");
        await Store.CreateIdentityAsync(identity, Ct);
        await Store.AddClientSecretAsync(new IdentityClientSecret(Guid.NewGuid(), identity.Id, Cipher("secret"), "ab12", null, [], T0, null), Ct);
        await Store.CreateIdentityTokenAsync(IdentityToken(identity, "token"), Ct);

        Assert.True(await Store.DeleteIdentityAsync(identity.Id, At(1), Ct));

        Assert.Null(await Store.GetIdentityAsync(identity.Id, Ct));
        Assert.Empty(await Store.ListClientSecretsAsync(identity.Id, Ct));
        Assert.Null(await Store.FindTokenByHashAsync(Cipher("token"), Ct));
        Assert.False(await Store.DeleteIdentityAsync(identity.Id, At(2), Ct));
    }

    private static Identity NewIdentity(string name) => new(Guid.NewGuid(), name, Guid.NewGuid(), 7200, T0);

    private static AccessToken IdentityToken(Identity identity, string hashSeed) =>
        new(Guid.NewGuid(), $"identity:{identity.Id}", Cipher(hashSeed), AccessToken.IdentityScope, T0, At(7200), identity.Id);
}
