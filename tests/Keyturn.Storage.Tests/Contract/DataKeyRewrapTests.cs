using Keyturn.Core.Crypto;
using Keyturn.Storage.Tests.Infrastructure;

namespace Keyturn.Storage.Tests;

public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task RewrapDataKeysAsync_EveryScope_ReplacedWithWhatTheFunctionReturns()
    {
        var scopes = new[] { Guid.NewGuid(), Guid.NewGuid(), SealContext.ConnectionsScope };
        foreach (var scope in scopes)
        {
            await Store.AddWrappedDataKeyAsync(scope, Cipher($"old-{scope:N}"), T0, Ct);
        }

        var count = await Store.RewrapDataKeysAsync((scope, wrapped) =>
        {
            Assert.Equal(Cipher($"old-{scope:N}"), wrapped);
            return Cipher($"new-{scope:N}");
        }, Ct);

        Assert.Equal(scopes.Length, count);
        foreach (var scope in scopes)
        {
            Assert.Equal(Cipher($"new-{scope:N}"), await Store.GetWrappedDataKeyAsync(scope, Ct));
        }
    }

    [ContractFact]
    public async Task RewrapDataKeysAsync_FunctionThrowsOnALaterKey_NoKeyChanges()
    {
        var scopes = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        foreach (var scope in scopes)
        {
            await Store.AddWrappedDataKeyAsync(scope, Cipher($"old-{scope:N}"), T0, Ct);
        }

        var calls = 0;
        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(() => Store.RewrapDataKeysAsync((scope, _) =>
            ++calls < scopes.Length ? Cipher($"new-{scope:N}") : throw new System.Security.Cryptography.CryptographicException("wrong key"), Ct));

        Assert.Equal(scopes.Length, calls);
        foreach (var scope in scopes)
        {
            Assert.Equal(Cipher($"old-{scope:N}"), await Store.GetWrappedDataKeyAsync(scope, Ct));
        }
    }

    [ContractFact]
    public async Task RootKeyRotation_RewrapAsync_NewKeyOpensEveryDataKeyAndTheOldOneNone()
    {
        var oldKey = RootKey.Generate();
        var newKey = RootKey.Generate();
        var scopes = new[] { Guid.NewGuid(), SealContext.ConnectionsScope };
        var plain = new Dictionary<Guid, byte[]>();
        foreach (var scope in scopes)
        {
            plain[scope] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(RootKey.Size);
            await Store.AddWrappedDataKeyAsync(scope, oldKey.Wrap(plain[scope], scope), T0, Ct);
        }

        Assert.Equal(scopes.Length, await RootKeyRotation.RewrapAsync(oldKey, newKey, Store, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => RootKeyRotation.RewrapAsync(oldKey, RootKey.Generate(), Store, Ct));

        foreach (var scope in scopes)
        {
            var stored = (await Store.GetWrappedDataKeyAsync(scope, Ct))!;
            Assert.Equal(plain[scope], newKey.Unwrap(stored, scope));
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => oldKey.Unwrap(stored, scope));
        }
    }
}
