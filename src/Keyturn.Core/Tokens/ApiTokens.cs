using System.Security.Cryptography;
using System.Text;

namespace Keyturn.Core.Tokens;

/// <summary>
/// API tokens are 32 random bytes; only their SHA-256 is stored. A fast hash is enough here because the input has
/// 256 bits of entropy: there is nothing to brute-force.
/// </summary>
public static class ApiTokens
{
    public const string Prefix = "kt_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
