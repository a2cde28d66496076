using Keyturn.AzureEmulator.Registrations;
using Keyturn.AzureEmulator.Tokens;

namespace Keyturn.AzureEmulator.Http;

/// <summary>Authenticates a Graph request's bearer token and finds the calling app, or says why Graph would answer 401.</summary>
internal static class GraphCaller
{
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    public static (StoredApp? Caller, string? Failure) Authenticate(HttpContext context, EmulatorServices services)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return (null, "Access token is empty.");
        }

        var validation = services.Tokens.Validate(header[7..].Trim());
        if (validation.Claims is not { } claims)
        {
            return (null, validation.Failure switch
            {
                TokenFailure.Expired => "Lifetime validation failed, the token is expired.",
                TokenFailure.Malformed => "IDX14100: JWT is not well formed, there are no dots (.).",
                _ => "Access token validation failure.",
            });
        }

        if (!IsGraphAudience(claims.Audience, context))
        {
            return (null, "Access token validation failure. Invalid audience.");
        }

        if (!string.Equals(claims.TenantId, services.Directory.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "Access token validation failure. Invalid issuer.");
        }

        var caller = services.Directory.FindByClientId(claims.AppId);
        return caller is null ? (null, "Access token validation failure.") : (caller, null);
    }

    // Accept the real Graph resource and this emulator's own origin (by IP or "localhost"): clients pointed at the
    // emulator may ask for either, but a token for another resource (say ARM) must fail as it does at Graph.
    private static bool IsGraphAudience(string audience, HttpContext context)
    {
        var trimmed = audience.TrimEnd('/');
        if (trimmed is "https://graph.microsoft.com" or GraphAppId)
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && uri.Port == context.Connection.LocalPort
            && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase));
    }
}
