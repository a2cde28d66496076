using System.Security.Cryptography;
using System.Text;

namespace Keyturn.Core.Identities;

/// <summary>How a client secret is stored and checked: SHA-256, compared in constant time.</summary>
public static class ClientSecretHash
{
    public static byte[] Of(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(IdentityClientSecret stored, byte[] presentedHash) =>
        CryptographicOperations.FixedTimeEquals(stored.Hash, presentedHash);
}
