using System.Security.Cryptography;

namespace Keyturn.Core.Crypto;

/// <summary>The 32-byte key that wraps every data key. It leaves the process only into root.key (or, on rotation, stdout).</summary>
public sealed class RootKey
{
    public const int Size = 32;
    private readonly byte[] _key;

    public RootKey(byte[] key)
    {
        if (key.Length != Size)
        {
            throw new ArgumentException($"The root key must be {Size} bytes; got {key.Length}.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    public static RootKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>The key as root.key and KEYTURN_ROOT_KEY hold it; for writing root.key, never for logs.</summary>
    public string ToBase64() => Convert.ToBase64String(_key);

    public byte[] Wrap(byte[] dataKey, Guid scopeId) => AesGcmSealer.Seal(_key, dataKey, WrapContext(scopeId));

    public byte[] Unwrap(byte[] wrapped, Guid scopeId) => AesGcmSealer.Open(_key, wrapped, WrapContext(scopeId));

    // Binding the scope means a wrapped key copied onto another project's row does not unwrap.
    private static string WrapContext(Guid scopeId) => $"keyturn:data-key:{scopeId:N}";
}
