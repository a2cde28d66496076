using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Rotation;

/// <summary>
/// A create command with its provider-shaped parts checked: the schedule against its ranges, the parameters by the
/// provider, the mapping against the outputs those parameters give. References (project, connection) are checked later.
/// </summary>
internal sealed record CreateRotationInput(
    CreateRotationCommand Command,
    RotationSettings Settings,
    ParsedParameters Parsed,
    IReadOnlyList<KeyValuePair<string, string>> SecretsMapping)
{
    public const int DefaultInterval = 30;

    public static CreateRotationInput? Parse(CreateRotationCommand command, IRotationProvider provider, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        var settings = RotationSettings.Resolve(command.Schedule, errors, defaults: new RotationSettings(true, DefaultInterval, 0, 0, null));
        var parsed = ParsedParameters.Parse(provider, command.Parameters, errors);
        var mapping = ParseMapping(command.SecretsMapping, parsed?.Plan.Outputs ?? provider.Descriptor.Outputs, errors);
        return errors.IsEmpty ? new CreateRotationInput(command, settings, parsed!, mapping) : null;
    }

    /// <summary>Reads a secretsMapping object against the outputs; create and PATCH share it so both name the same rules.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> ParseMapping(JsonElement? given, IReadOnlyList<OutputSpec> specs, ValidationErrors errors)
    {
        var outputs = specs.Select(o => o.Name).ToList();
        var required = specs.Where(o => o.Required).Select(o => o.Name).ToList();
        var mapping = new List<KeyValuePair<string, string>>();
        if (given is not { ValueKind: JsonValueKind.Object } obj)
        {
            errors.Add("secretsMapping", given is null
                ? $"is required: map {(required.Count > 0 ? string.Join(" and ", required) : $"at least one of {string.Join(", ", outputs)}")} to secret names"
                : "must be an object");
            return mapping;
        }

        foreach (var property in obj.EnumerateObject())
        {
            var field = $"secretsMapping.{property.Name}";
            if (!outputs.Contains(property.Name))
            {
                errors.Add(field, $"is not an output of this rotation type (outputs: {string.Join(", ", outputs)})");
            }
            else if (property.Value.ValueKind != JsonValueKind.String || !Validation.Rules.IsSecretKey(property.Value.GetString()))
            {
                errors.Add(field, Validation.Rules.SecretKeyRule);
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

        foreach (var missing in required.Where(o => obj.EnumerateObject().All(p => p.Name != o)))
        {
            errors.Add($"secretsMapping.{missing}", "is required");
        }

        if (required.Count == 0 && !obj.EnumerateObject().Any())
        {
            errors.Add("secretsMapping", $"must map at least one of {string.Join(", ", outputs)}");
        }

        return mapping;
    }
}
