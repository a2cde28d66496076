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

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    /// <exception cref="CryptographicException">Wrong key, tampered data or mismatched associated data.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, string associatedData)
    {
        if (sealedData.Length < HeaderSize || sealedData[0] != FormatVersion)
        {
            throw new CryptographicException("Sealed data has an unknown format.");
        }

        var plaintext = new byte[sealedData.Length - HeaderSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData.Slice(1, NonceSize), sealedData[HeaderSize..], sealedData.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }
}
