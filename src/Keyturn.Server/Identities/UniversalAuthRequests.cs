using System.Net;
using System.Text.Json;
using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Server.Identities;

/// <summary>
/// The Infisical-shaped bodies of login, renew and revoke. Unlike Keyturn's own bodies these tolerate unknown fields: Infisical's
/// SDKs and CLI send what Infisical accepts.
/// </summary>
public static class UniversalAuthRequests
{
    public const int MaxSecretLength = 512;

    /// <summary>The login command, or null when the body is malformed (answered as a 400 naming the fields).</summary>
    public static UniversalAuthLoginCommand? ParseLogin(JsonElement body, IPAddress? source, ValidationErrors errors)
    {
        var clientId = Json.OptionalString(body, "clientId", errors);
        if (!Guid.TryParse(clientId, out var id))
        {
            errors.Add("clientId", "is required: the identity's client id (a GUID)");
        }

        var secret = Json.OptionalString(body, "clientSecret", errors);
        if (secret is null or { Length: 0 or > MaxSecretLength })
        {
            errors.Add("clientSecret", $"is required: 1 to {MaxSecretLength} characters");
        }

        return errors.IsEmpty ? new UniversalAuthLoginCommand(id, secret!, source) : null;
    }

    /// <summary>The token to renew: the body's accessToken, required (Infisical's shape; no bearer is read).</summary>
    public static string? TokenToRenew(JsonElement body, ValidationErrors errors)
    {
        var token = Json.OptionalString(body, "accessToken", errors);
        if (token is null or { Length: 0 or > MaxSecretLength })
        {
            errors.Add("accessToken", $"is required: the access token to renew, 1 to {MaxSecretLength} characters");
        }

        return errors.IsEmpty ? token : null;
    }

    /// <summary>The token to revoke: the body's accessToken (Infisical's shape) or, without one, the bearer token itself.</summary>
    public static string? TokenToRevoke(JsonElement? body, string bearer, ValidationErrors errors)
    {
        var fromBody = body is { } b ? Json.OptionalString(b, "accessToken", errors) : null;
        if (fromBody is { Length: 0 or > MaxSecretLength })
        {
            errors.Add("accessToken", $"must be 1 to {MaxSecretLength} characters, or left out to revoke the bearer token");
        }

        return errors.IsEmpty ? fromBody ?? bearer : null;
    }
}
