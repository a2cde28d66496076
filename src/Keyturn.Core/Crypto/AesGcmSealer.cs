using System.Security.Cryptography;
using System.Text;

namespace Keyturn.Core.Crypto;

/// <summary>
/// AES-256-GCM with a fresh random nonce per seal. Layout: version(1) | nonce(12) | tag(16) | ciphertext.
/// The associated data names what the ciphertext belongs to, so a ciphertext moved to another row fails to open.
/// </summary>
public static class AesGcmSealer
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    /// <summary>A cipher for <paramref name="key"/>; reusable for many seals and opens, but by one thread at a time.</summary>
    public static AesGcm CreateCipher(ReadOnlySpan<byte> key) => new(key, TagSize);

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string associatedData)
    {
        using var aes = CreateCipher(key);
        return Seal(aes, plaintext, associatedData);
    }

    public static byte[] Seal(AesGcm aes, ReadOnlySpan<byte> plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(aes);
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    /// <exception cref="CryptographicException">Wrong key, tampered data or mismatched associated data.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, string associatedData)
    {
        using var aes = CreateCipher(key);
        return Open(aes, sealedData, associatedData);
    }

    /// <exception cref="CryptographicException">Wrong key, tampered data or mismatched associated data.</exception>
    public static byte[] Open(AesGcm aes, ReadOnlySpan<byte> sealedData, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(aes);
        if (sealedData.Length < HeaderSize || sealedData[0] != FormatVersion)
        {
            throw new CryptographicException("Sealed data has an unknown format.");
        }

        var plaintext = new byte[sealedData.Length - HeaderSize];
        aes.Decrypt(sealedData.Slice(1, NonceSize), sealedData[HeaderSize..], sealedData.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }
}
