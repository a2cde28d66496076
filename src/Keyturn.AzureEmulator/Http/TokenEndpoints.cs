using Keyturn.AzureEmulator.Registrations;
using Keyturn.AzureEmulator.Tokens;

namespace Keyturn.AzureEmulator.Http;

/// <summary>Entra's v2.0 token endpoint: client-credentials grant with a client secret, and the password grant (<see cref="PasswordGrant"/>).</summary>
internal static class TokenEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext context, string tenant) => IssueAsync(context, tenant, services));
    }

    private static async Task<IResult> IssueAsync(HttpContext context, string tenant, EmulatorServices services)
    {
        var time = services.Time;
        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : FormCollection.Empty;
        if (!string.Equals(tenant, services.Directory.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return EntraError.Result(context, time, 400, "invalid_request", EntraError.TenantNotFound,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");
        }

        if (form["grant_type"] == "password")
        {
            return PasswordGrant.Issue(context, form, services);
        }

        if (form["grant_type"] != "client_credentials")
        {
            return EntraError.Result(context, time, 400, "unsupported_grant_type", EntraError.UnsupportedGrantType,
                "The provided request must include a 'grant_type' input parameter. The emulator supports 'client_credentials' and 'password'.");
        }

        string clientId = form["client_id"].ToString();
        var app = services.Directory.FindByClientId(clientId);
        if (app is null)
        {
            return EntraError.Result(context, time, 400, "unauthorized_client", EntraError.ApplicationNotFound,
                $"Application with identifier '{clientId}' was not found in the directory '{services.Directory.TenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
        }

        string scope = form["scope"].ToString();
        if (!TryAudience(scope, out var audience))
        {
            return EntraError.Result(context, time, 400, "invalid_scope", EntraError.InvalidScope,
                $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }

        string secret = form["client_secret"].ToString();
        if (secret.Length == 0)
        {
            return EntraError.Result(context, time, 401, "invalid_client", EntraError.MissingClientSecret,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }

        switch (services.Directory.CheckSecret(clientId, secret))
        {
            case SecretCheck.Expired:
                return EntraError.Result(context, time, 401, "invalid_client", EntraError.ExpiredClientSecret,
                    $"The provided client secret keys for app '{clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.");
            case SecretCheck.InvalidSecret or SecretCheck.UnknownClient:
                return EntraError.Result(context, time, 401, "invalid_client", EntraError.InvalidClientSecret,
                    $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");
        }

        var now = time.GetUtcNow();
        var claims = new AccessTokenClaims(audience, services.Directory.TenantId, app.ClientId, app.ObjectId, app.AppRoles, now, now + AccessTokenIssuer.Lifetime);
        var seconds = (int)AccessTokenIssuer.Lifetime.TotalSeconds;
        return Results.Json(
            new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = seconds,
                ["ext_expires_in"] = seconds,
                ["access_token"] = services.Tokens.Issue(claims),
            },
            EmulatorJson.Options);
    }

    // Client credentials only allow "<resource>/.default"; the resource becomes the token's audience.
    private static bool TryAudience(string scope, out string audience)
    {
        const string suffix = "/.default";
        audience = scope.EndsWith(suffix, StringComparison.Ordinal) ? scope[..^suffix.Length] : string.Empty;
        return !scope.Contains(' ', StringComparison.Ordinal)
            && Uri.TryCreate(audience, UriKind.Absolute, out var resource)
            && resource.Scheme == Uri.UriSchemeHttps;
    }
}
