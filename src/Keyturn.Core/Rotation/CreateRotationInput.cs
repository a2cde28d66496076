using System.Text.Json;
using Keyturn.Core.Providers;
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
    ParsedParameters Parsed,
    IReadOnlyList<KeyValuePair<string, string>> SecretsMapping,
    bool IsDeleteProtected)
{
    public const int DefaultInterval = 30;

    /// <summary>Parses the body, the provider's parameters and the mapping (against the outputs those parameters give).</summary>
    public static CreateRotationInput? Parse(JsonElement body, IRotationProvider provider, ValidationErrors errors)
    {
        RotationBodyFields.Check(body, RotationBodyFields.Create, errors);
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

        var deleteProtected = Json.OptionalBool(body, RotationBodyFields.DeleteProtected, errors) ?? false;
        var parsed = parameters is { } given ? ParsedParameters.Parse(provider, given, errors) : null;
        var mapping = ParseMapping(body, parsed?.Plan.Outputs ?? provider.Descriptor.Outputs, errors);
        if (!errors.IsEmpty)
        {
            return null;
        }

        return new CreateRotationInput(name!, projectId!.Value, description, connectionId!.Value, environment!, secretPath!,
            settings.IsAutoRotationEnabled, settings.RotationInterval, settings.RotateAtHours, settings.RotateAtMinutes, settings.RotationSchedule,
            parameters!.Value, parsed!, mapping, deleteProtected);
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

    /// <summary>Reads body.secretsMapping against the outputs; create and PATCH share it so both name the same rules.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> ParseMapping(JsonElement body, IReadOnlyList<OutputSpec> specs, ValidationErrors errors)
    {
        var outputs = specs.Select(o => o.Name).ToList();
        var required = specs.Where(o => o.Required).Select(o => o.Name).ToList();
        var mapping = new List<KeyValuePair<string, string>>();
        var obj = Json.OptionalObject(body, "secretsMapping", errors);
        if (obj is null)
        {
            if (!errors.ToDictionary().ContainsKey("secretsMapping"))
            {
                errors.Add("secretsMapping", $"is required: map {(required.Count > 0 ? string.Join(" and ", required) : $"at least one of {string.Join(", ", outputs)}")} to secret names");
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

        foreach (var missing in required.Where(o => obj.Value.EnumerateObject().All(p => p.Name != o)))
        {
            errors.Add($"secretsMapping.{missing}", "is required");
        }

        if (required.Count == 0 && !obj.Value.EnumerateObject().Any())
        {
            errors.Add("secretsMapping", $"must map at least one of {string.Join(", ", outputs)}");
        }

        return mapping;
    }
}
