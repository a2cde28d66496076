using System.Security.Cryptography;
using System.Text;

namespace Keyturn.AzureEmulator.Registrations;

/// <summary>Makes secrets shaped like Entra's: 40 characters, 3 random + "8Q~" + 34 random, hint = first 3.</summary>
internal static class SecretGenerator
{
    // Entra secrets use letters, digits and "~._-"; clients must cope with all of them, so the emulator does too.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-";
    private const string AlphabetNoPunctuation = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewSecret() =>
        RandomNumberGenerator.GetString(AlphabetNoPunctuation, 3) + "8Q~" + RandomNumberGenerator.GetString(Alphabet, 34);

    public static string Hint(string secret) => secret[..Math.Min(3, secret.Length)];

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(hash));
}
