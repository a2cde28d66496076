using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyturn.AzureEmulator.Tokens;

/// <summary>
/// Issues and validates JWT access tokens shaped like Entra's v1 app-only tokens (aud, iss, tid, appid, oid, roles).
/// Signed with HMAC-SHA256 under a key kept in the state file, so tokens stay valid across restarts; nobody but the
/// emulator validates them, so the asymmetric signing real Entra uses would add nothing.
/// </summary>
internal sealed class AccessTokenIssuer(byte[] signingKey, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3599);

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    public string Issue(AccessTokenClaims claims)
    {
        var payload = new Payload(
            claims.Audience,
            $"https://sts.windows.net/{claims.TenantId}/",
            claims.IssuedAt.ToUnixTimeSeconds(),
            claims.IssuedAt.ToUnixTimeSeconds(),
            claims.ExpiresAt.ToUnixTimeSeconds(),
            claims.TenantId,
            claims.AppId,
            claims.ObjectId,
            claims.Roles,
            "app",
            "1.0");
        var unsigned = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        return unsigned + "." + Base64Url.EncodeToString(Sign(unsigned));
    }

    public TokenValidation Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return new TokenValidation(null, TokenFailure.Malformed);
        }

        Payload? payload;
        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return new TokenValidation(null, TokenFailure.Malformed);
        }

        if (payload is null)
        {
            return new TokenValidation(null, TokenFailure.Malformed);
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return new TokenValidation(null, TokenFailure.BadSignature);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
        if (time.GetUtcNow() >= expiresAt)
        {
            return new TokenValidation(null, TokenFailure.Expired);
        }

        var claims = new AccessTokenClaims(
            payload.Aud, payload.Tid, payload.AppId, payload.Oid, payload.Roles, DateTimeOffset.FromUnixTimeSeconds(payload.Iat), expiresAt);
        return new TokenValidation(claims, TokenFailure.None);
    }

    private byte[] Sign(string unsigned) => HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(unsigned));

    private sealed record Payload(
        [property: JsonPropertyName("aud")] string Aud,
        [property: JsonPropertyName("iss")] string Iss,
        [property: JsonPropertyName("iat")] long Iat,
        [property: JsonPropertyName("nbf")] long Nbf,
        [property: JsonPropertyName("exp")] long Exp,
        [property: JsonPropertyName("tid")] string Tid,
        [property: JsonPropertyName("appid")] string AppId,
        [property: JsonPropertyName("oid")] string Oid,
        [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
        [property: JsonPropertyName("idtyp")] string IdTyp,
        [property: JsonPropertyName("ver")] string Ver);
}
