using System.Security.Cryptography;
using System.Text;

namespace Keyturn.Providers.Postgres;

/// <summary>
/// The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802 / RFC 7677, PostgreSQL's scram_build_secret),
/// computed here as psql's \password does, so ALTER ROLE carries the verifier and the password itself never reaches the
/// server's statement log: <c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c>, each part base64.
/// </summary>
public static class ScramSha256Verifier
{
    public const int DefaultIterations = 4096;
    private const int SaltLength = 16;

    public static string Compute(string password) => Compute(password, RandomNumberGenerator.GetBytes(SaltLength), DefaultIterations);

    public static string Compute(string password, byte[] salt, int iterations)
    {
        // PostgreSQL runs SASLprep over the password first; for printable ASCII (every character an engine policy can
        // produce) SASLprep changes nothing, and other text is refused rather than hashed differently from the server.
        if (password.Length == 0 || password.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException("Only non-empty printable ASCII passwords are supported.", nameof(password));
        }

        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
