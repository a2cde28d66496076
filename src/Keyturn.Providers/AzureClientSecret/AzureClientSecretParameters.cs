using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Providers.AzureClientSecret;

/// <summary>Which app registration to rotate: its object id (for Graph calls) and client id (for verifying).</summary>
public sealed record AzureClientSecretParameters(string ObjectId, string ClientId, string? AppName)
{
    public static ValidationErrors Validate(JsonElement parameters)
    {
        var errors = new ValidationErrors();
        foreach (var field in new[] { "objectId", "clientId" })
        {
            var value = Json.OptionalString(parameters, field, errors);
            if (!errors.ToDictionary().ContainsKey(field) && !Rules.IsGuid(value))
            {
                errors.Add(field, value is null ? $"is required and {Rules.GuidRule}" : Rules.GuidRule);
            }
        }

        if (Json.OptionalString(parameters, "appName", errors) is { Length: > 256 })
        {
            errors.Add("appName", "must be at most 256 characters");
        }

        return errors;
    }

    public static AzureClientSecretParameters From(JsonElement parameters) =>
        new(parameters.GetProperty("objectId").GetString()!, parameters.GetProperty("clientId").GetString()!,
            parameters.TryGetProperty("appName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null);
}
