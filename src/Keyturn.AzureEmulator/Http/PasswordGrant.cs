using Keyturn.AzureEmulator.Registrations;
using Keyturn.AzureEmulator.Tokens;
using Keyturn.AzureEmulator.Users;

namespace Keyturn.AzureEmulator.Http;

/// <summary>
/// The resource owner password credentials grant (grant_type=password) at the v2.0 token endpoint: a public client
/// (or a confidential one presenting its secret) signs a user in with username and password. A reset password
/// reaches sign-ins only after the password propagation delay; until then the previous one still works.
/// </summary>
internal static class PasswordGrant
{
    public const int MissingClientAssertionOrSecret = 7000218;
    public const int InvalidUsernameOrPassword = 50126;
    public const int UserNotFound = 50034;
    public const int UserDisabled = 50057;
    public const int MissingParameter = 900144;

    private const string GraphResource = "https://graph.microsoft.com";
    private static readonly string[] OpenIdScopes = ["openid", "profile", "email", "offline_access"];

    public static IResult Issue(HttpContext context, IFormCollection form, EmulatorServices services)
    {
        var time = services.Time;
        var directory = services.Directory;
        foreach (var parameter in new[] { "client_id", "username", "password", "scope" })
        {
            if (form[parameter].ToString().Length == 0)
            {
                return EntraError.Result(context, time, 400, "invalid_request", MissingParameter,
                    $"The request body must contain the following parameter: '{parameter}'.");
            }
        }

        string clientId = form["client_id"].ToString();
        var app = directory.FindByClientId(clientId);
        if (app is null)
        {
            return EntraError.Result(context, time, 400, "unauthorized_client", EntraError.ApplicationNotFound,
                $"Application with identifier '{clientId}' was not found in the directory '{directory.TenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
        }

        if (!directory.IsPublicClient(app) && ConfidentialClientRefusal(context, form, services, clientId) is { } refused)
        {
            return refused;
        }

        if (!TryAudience(form["scope"].ToString(), out var audience))
        {
            return EntraError.Result(context, time, 400, "invalid_scope", EntraError.InvalidScope,
                $"The provided value for the input parameter 'scope' is not valid. The scope {form["scope"]} is not valid.");
        }

        string username = form["username"].ToString();
        switch (directory.CheckSignIn(username, form["password"].ToString()))
        {
            case SignInCheck.UnknownUser:
                return EntraError.Result(context, time, 400, "invalid_grant", UserNotFound,
                    $"User account '{{EUII Hidden}}' from identity provider 'https://sts.windows.net/{directory.TenantId}/' does not exist in tenant '{directory.TenantId}' and cannot access the application '{clientId}'({app.DisplayName}) in that tenant. The account needs to be added as an external user in the tenant first.");
            case SignInCheck.Disabled:
                return EntraError.Result(context, time, 400, "invalid_grant", UserDisabled, "The user account is disabled.");
            case SignInCheck.InvalidPassword:
                return EntraError.Result(context, time, 400, "invalid_grant", InvalidUsernameOrPassword,
                    "Error validating credentials due to invalid username or password.");
        }

        var user = directory.FindUser(username)!;
        var now = time.GetUtcNow();
        var claims = new AccessTokenClaims(audience, directory.TenantId, app.ClientId, user.ObjectId, [], now, now + AccessTokenIssuer.Lifetime);
        var seconds = (int)AccessTokenIssuer.Lifetime.TotalSeconds;
        return Results.Json(
            new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["scope"] = form["scope"].ToString(),
                ["expires_in"] = seconds,
                ["ext_expires_in"] = seconds,
                ["access_token"] = services.Tokens.Issue(claims),
            },
            EmulatorJson.Options);
    }

    // Entra lets a confidential client use the password grant only with its own credential, as for any grant.
    private static IResult? ConfidentialClientRefusal(HttpContext context, IFormCollection form, EmulatorServices services, string clientId)
    {
        string secret = form["client_secret"].ToString();
        if (secret.Length == 0)
        {
            return EntraError.Result(context, services.Time, 401, "invalid_client", MissingClientAssertionOrSecret,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }

        return services.Directory.CheckSecret(clientId, secret) == SecretCheck.Valid
            ? null
            : EntraError.Result(context, services.Time, 401, "invalid_client", EntraError.InvalidClientSecret,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");
    }

    // Delegated scopes: "openid profile" alone or bare names ("User.Read") mean Graph; "https://host/X" names a resource.
    private static bool TryAudience(string scope, out string audience)
    {
        audience = GraphResource;
        foreach (var item in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (OpenIdScopes.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (Uri.TryCreate(item, UriKind.Absolute, out var uri))
            {
                if (uri.Scheme != Uri.UriSchemeHttps)
                {
                    return false;
                }

                audience = uri.GetLeftPart(UriPartial.Authority);
            }
        }

        return true;
    }
}
