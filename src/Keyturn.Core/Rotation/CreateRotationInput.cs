using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Rotation;

/// <summary>The create body, with every field's shape checked; references (project, connection) are checked later.</summary>
internal sealed record CreateRotationInput(
    string Name,
    Guid ProjectId,
    string? Description,
    Guid ConnectionId,
    string Environment,
    string SecretPath,
    bool IsAutoRotationEnabled,
    int RotationInterval,
    int RotateAtHours,
    int RotateAtMinutes,
    string? RotationSchedule,
    JsonElement Parameters,
    IReadOnlyList<KeyValuePair<string, string>> SecretsMapping)
{
    public const int DefaultInterval = 30;

    public static CreateRotationInput? Parse(JsonElement body, IReadOnlyList<string> outputs, ValidationErrors errors)
    {
        var name = Json.OptionalString(body, "name", errors);
        if (name is null)
        {
            errors.Add("name", "is required");
        }
        else if (!Rules.IsRotationName(name))
        {
            errors.Add("name", Rules.RotationNameRule);
        }

        var projectId = RequiredGuid(body, "projectId", errors);
        var connectionId = RequiredGuid(body, "connectionId", errors);
        var description = Json.OptionalString(body, "description", errors);
        if (description is { Length: > 256 })
        {
            errors.Add("description", "must be at most 256 characters");
        }

        var environment = Json.OptionalString(body, "environment", errors);
        if (string.IsNullOrEmpty(environment))
        {
            errors.Add("environment", "is required");
        }

        var secretPath = Rules.NormalizeSecretPath(Json.OptionalString(body, "secretPath", errors) ?? "/");
        if (secretPath is null)
        {
            errors.Add("secretPath", Rules.SecretPathRule);
        }

        var settings = RotationSettings.Parse(body, errors, defaults: new RotationSettings(true, DefaultInterval, 0, 0, null));
        var parameters = Json.OptionalObject(body, "parameters", errors);
        if (parameters is null && !errors.ToDictionary().ContainsKey("parameters"))
        {
            errors.Add("parameters", "is required");
        }

        var mapping = ParseMapping(body, outputs, errors);
        if (!errors.IsEmpty)
        {
            return null;
        }

        return new CreateRotationInput(name!, projectId!.Value, description, connectionId!.Value, environment!, secretPath!,
            settings.IsAutoRotationEnabled, settings.RotationInterval, settings.RotateAtHours, settings.RotateAtMinutes, settings.RotationSchedule,
            parameters!.Value, mapping);
    }

    private static Guid? RequiredGuid(JsonElement body, string field, ValidationErrors errors)
    {
        var text = Json.OptionalString(body, field, errors);
        if (text is null)
        {
            errors.Add(field, "is required");
            return null;
        }

        if (!Guid.TryParse(text, out var id))
        {
            errors.Add(field, Rules.GuidRule);
            return null;
        }

        return id;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ParseMapping(JsonElement body, IReadOnlyList<string> outputs, ValidationErrors errors)
    {
        var mapping = new List<KeyValuePair<string, string>>();
        var obj = Json.OptionalObject(body, "secretsMapping", errors);
        if (obj is null)
        {
            if (!errors.ToDictionary().ContainsKey("secretsMapping"))
            {
                errors.Add("secretsMapping", $"is required: map {string.Join(" and ", outputs)} to secret names");
            }

            return mapping;
        }

        foreach (var property in obj.Value.EnumerateObject())
        {
            var field = $"secretsMapping.{property.Name}";
            if (!outputs.Contains(property.Name))
            {
                errors.Add(field, $"is not an output of this rotation type (outputs: {string.Join(", ", outputs)})");
            }
            else if (property.Value.ValueKind != JsonValueKind.String || !Rules.IsSecretKey(property.Value.GetString()))
            {
                errors.Add(field, Rules.SecretKeyRule);
            }
            else if (mapping.Any(m => m.Value == property.Value.GetString()))
            {
                errors.Add(field, "must differ from the other mapped secret names");
            }
            else
            {
                mapping.Add(KeyValuePair.Create(property.Name, property.Value.GetString()!));
            }
        }

        foreach (var missing in outputs.Where(o => obj.Value.EnumerateObject().All(p => p.Name != o)))
        {
            errors.Add($"secretsMapping.{missing}", "is required");
        }

        return mapping;
    }
}
