using Keyturn.AzureEmulator.Http;
using Keyturn.AzureEmulator.Tokens;

namespace Keyturn.AzureEmulator.ResourceManager;

/// <summary>Authenticates an ARM request's bearer token, or says which 401 ARM would answer.</summary>
internal static class ArmCaller
{
    private static readonly string[] ArmAudiences =
    [
        "https://management.azure.com", "https://management.core.windows.net",
    ];

    public static (AccessTokenClaims? Caller, string? Code, string? Message) Authenticate(HttpContext context, EmulatorServices services)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return (null, ArmError.AuthenticationFailed, "Authentication failed. The 'Authorization' header is missing.");
        }

        var validation = services.Tokens.Validate(header[7..].Trim());
        if (validation.Claims is not { } claims)
        {
            return validation.Failure == TokenFailure.Expired
                ? (null, ArmError.ExpiredAuthenticationToken, "The access token expiry UTC time is earlier than current UTC time.")
                : (null, ArmError.InvalidAuthenticationToken, "The access token is invalid.");
        }

        if (!IsArmAudience(claims.Audience, context))
        {
            return (null, ArmError.InvalidAuthenticationTokenAudience,
                $"The access token has been obtained for wrong audience or resource '{claims.Audience}'. It should exactly match with one of the allowed audiences " +
                "'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.");
        }

        if (!string.Equals(claims.TenantId, services.Directory.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "InvalidAuthenticationTokenTenant", $"The access token is from the wrong issuer 'https://sts.windows.net/{claims.TenantId}/'.");
        }

        return (claims, null, null);
    }

    // ARM's own resource ids (with or without the trailing slash) and, as GraphCaller allows, this emulator's own
    // origin; a Graph token must fail here as it does at ARM.
    private static bool IsArmAudience(string audience, HttpContext context)
    {
        var trimmed = audience.TrimEnd('/');
        if (ArmAudiences.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && uri.Port == context.Connection.LocalPort
            && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase));
    }
}
