using System.Security.Cryptography;
using System.Text;
using Keyturn.Core.Crypto;

namespace Keyturn.Core.Tests.Crypto;

public sealed class AesGcmSealerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Open_SameContext_ReturnsPlaintext()
    {
        var sealedData = AesGcmSealer.Seal(Key, "hunter2"u8, "secret:a:b:1");

        Assert.Equal("hunter2", Encoding.UTF8.GetString(AesGcmSealer.Open(Key, sealedData, "secret:a:b:1")));
    }

    [Fact]
    public void Seal_SameInputTwice_GivesDifferentCiphertexts()
    {
        Assert.NotEqual(AesGcmSealer.Seal(Key, "x"u8, "c"), AesGcmSealer.Seal(Key, "x"u8, "c"));
    }

    [Fact]
    public void Seal_Output_DoesNotContainPlaintext()
    {
        var sealedData = AesGcmSealer.Seal(Key, "plain-text-value"u8, "c");

        Assert.DoesNotContain("plain-text-value", Encoding.Latin1.GetString(sealedData));
    }

    [Fact]
    public void Open_OtherContext_Throws()
    {
        // A ciphertext copied to another row (other secret id or version) must not open.
        var sealedData = AesGcmSealer.Seal(Key, "v"u8, "secret:a:b:1");

        Assert.ThrowsAny<CryptographicException>(() => AesGcmSealer.Open(Key, sealedData, "secret:a:b:2"));
    }

    [Fact]
    public void Open_TamperedByte_Throws()
    {
        var sealedData = AesGcmSealer.Seal(Key, "value"u8, "c");
        sealedData[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => AesGcmSealer.Open(Key, sealedData, "c"));
    }

    [Fact]
    public void Open_WrongKey_Throws()
    {
        var sealedData = AesGcmSealer.Seal(Key, "value"u8, "c");

        Assert.ThrowsAny<CryptographicException>(() => AesGcmSealer.Open(RandomNumberGenerator.GetBytes(32), sealedData, "c"));
    }
}
