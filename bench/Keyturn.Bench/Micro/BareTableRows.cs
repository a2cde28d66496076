using System.Security.Cryptography;

namespace Keyturn.Bench.Micro;

/// <summary>
/// The rows of a baseline table: as many as the store holds, keyed like its secrets, with values as long as its
/// ciphertexts. The target row holds the store's own ciphertext so a read of it can be checked byte for byte.
/// </summary>
public static class BareTableRows
{
    public static IEnumerable<(string Key, byte[] Value)> For(SeededStore seeded, byte[] targetCiphertext)
    {
        for (var i = 0; i < seeded.Count; i++)
        {
            var key = SeededStore.SecretKey(i);
            yield return (key, key == seeded.Target.Key ? targetCiphertext : RandomNumberGenerator.GetBytes(targetCiphertext.Length));
        }
    }
}
