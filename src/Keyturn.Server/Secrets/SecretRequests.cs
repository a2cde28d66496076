using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Secrets;
using Keyturn.Core.Validation;
using Keyturn.Server.Endpoints;

namespace Keyturn.Server.Secrets;

/// <summary>
/// Reads Infisical's v3 raw secret requests into typed commands; Core never sees the JSON. These bodies are Infisical's,
/// not Keyturn's own: its SDK and CLI send fields Keyturn has no use for (secretComment, tagIds, metadata, ...), so
/// unknown fields are ignored rather than refused, and the location fields may come from the body or the query string.
/// </summary>
public static class SecretRequests
{
    /// <summary>The scope of a read: Infisical's workspaceId, environment and secretPath query parameters.</summary>
    public static SecretScope? ParseScope(IQueryCollection query, ValidationErrors errors) =>
        SecretScope.Parse(query["workspaceId"], query["environment"], query["secretPath"], errors);

    /// <summary>A create or update: the body names the value, and the location unless the query string does.</summary>
    public static WriteSecretCommand? ParseWrite(string secretName, JsonElement body, IQueryCollection query, ValidationErrors errors)
    {
        var scope = ParseLocation(secretName, body, query, errors);
        var value = Json.OptionalString(body, "secretValue", errors);
        if (value is null)
        {
            errors.Add("secretValue", "is required");
        }

        return errors.IsEmpty ? new WriteSecretCommand(scope!, secretName, value!) : null;
    }

    /// <summary>A delete: the location from the body (Infisical's SDK) or, without a body, from the query string.</summary>
    public static DeleteSecretCommand? ParseDelete(string secretName, JsonElement? body, IQueryCollection query, ValidationErrors errors)
    {
        var scope = ParseLocation(secretName, body, query, errors);
        return errors.IsEmpty ? new DeleteSecretCommand(scope!, secretName) : null;
    }

    private static SecretScope? ParseLocation(string secretName, JsonElement? body, IQueryCollection query, ValidationErrors errors)
    {
        if (!Rules.IsSecretKey(secretName))
        {
            errors.Add("secretName", Rules.SecretKeyRule);
        }

        var type = Field(body, query, "type", errors);
        if (type is not null and not "shared")
        {
            errors.Add("type", InfisicalReadOptions.TypeRule);
        }

        return SecretScope.Parse(
            Field(body, query, "workspaceId", errors), Field(body, query, "environment", errors), Field(body, query, "secretPath", errors), errors);
    }

    // A field in the body wins over the same one in the query string.
    private static string? Field(JsonElement? body, IQueryCollection query, string name, ValidationErrors errors) =>
        (body is { } b ? Json.OptionalString(b, name, errors) : null) ?? query[name];
}
