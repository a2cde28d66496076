using System.Security.Cryptography;
using Keyturn.Core.Crypto;

namespace Keyturn.Core.Tests.Crypto;

public sealed class RootKeyTests
{
    [Fact]
    public void Unwrap_SameScope_ReturnsDataKey()
    {
        var root = RootKey.Generate();
        var scope = Guid.NewGuid();
        var dataKey = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(dataKey, root.Unwrap(root.Wrap(dataKey, scope), scope));
    }

    [Fact]
    public void Unwrap_OtherScope_Throws()
    {
        var root = RootKey.Generate();

        Assert.ThrowsAny<CryptographicException>(() => root.Unwrap(root.Wrap(new byte[32], Guid.NewGuid()), Guid.NewGuid()));
    }

    [Fact]
    public void Constructor_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RootKey(new byte[16]));
    }
}
