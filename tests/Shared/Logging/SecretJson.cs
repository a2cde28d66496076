using System.Text.Json;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>Which values of a JSON document are secret: one rule for sealed plaintexts, one for API bodies.</summary>
internal static class SecretJson
{
    // In Keyturn's own bodies (and Infisical's), the fields that carry a secret. secretKey is a secret's name.
    private static readonly HashSet<string> ApiSecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "secretValue", "clientSecret", "accessToken", "password", "accountKey", "connectionString", "signingSecret",
    };

    // Objects whose fields are named like secrets but hold names: a rotation's secretsMapping maps outputs to secret names.
    private static readonly HashSet<string> ApiNameMaps = new(StringComparer.OrdinalIgnoreCase) { "secretsMapping" };

    // Fields of sealed credential records and connection credentials that are not secret; every other string is.
    private static readonly HashSet<string> PublicSealedFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "credentialId", "username", "user", "userId", "userPrincipalName", "clientId", "tenantId", "keyId", "keyName",
        "accountName", "host", "port", "database", "blobEndpoint", "endpoint", "expiresAt", "adoptedExpiresAt",
        "subscriptionId", "resourceGroup", "objectId", "applicationId", "authorityHost", "graph",
    };

    /// <summary>A plaintext the cipher saw: a JSON record's leaves (by field name), or the whole value.</summary>
    public static void CollectSealed(string plaintext, SecretValueRecorder recorder)
    {
        if (Parse(plaintext) is not { } document)
        {
            recorder.Secret(plaintext);
            return;
        }

        using (document)
        {
            Walk(document.RootElement, null, (name, value) =>
            {
                if (name is not null && PublicSealedFields.Contains(name))
                {
                    recorder.Public(value);
                }
                else
                {
                    recorder.Secret(value);
                }
            });
        }
    }

    /// <summary>A request or response body on the API: the values of its secret-bearing fields.</summary>
    public static void CollectApi(string body, SecretValueRecorder recorder)
    {
        if (Parse(body) is not { } document)
        {
            return;
        }

        using (document)
        {
            Walk(document.RootElement, null, (name, value) =>
            {
                if (name is not null && ApiSecretFields.Contains(name))
                {
                    recorder.Secret(value);
                }
            }, ApiNameMaps);
        }
    }

    private static JsonDocument? Parse(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Walk(JsonElement element, string? name, Action<string?, string> onString, IReadOnlySet<string>? skip = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().Where(p => skip?.Contains(p.Name) != true))
                {
                    Walk(property.Value, property.Name, onString, skip);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, name, onString, skip);
                }

                break;
            case JsonValueKind.String:
                onString(name, element.GetString()!);
                break;
        }
    }
}
