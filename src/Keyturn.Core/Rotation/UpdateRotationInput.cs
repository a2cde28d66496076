using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;

namespace Keyturn.Core.Rotation;

/// <summary>
/// A PATCH command with every field checked against the rotation it changes; a field left out keeps its value.
/// References (the connection, names free in the folder) are checked by <see cref="RotationUpdate"/>.
/// </summary>
/// <param name="ParametersJson">The parameters after the change: the given ones merged over the stored ones.</param>
/// <param name="SecretsMapping">The mapping after the change (the given one replaces the stored one whole).</param>
/// <param name="KeepRenamedSecrets">Whether secrets whose names leave the mapping stay as ordinary secrets (default: deleted).</param>
/// <param name="IsDeleteProtected">Delete protection after the change (left out: unchanged).</param>
internal sealed record UpdateRotationInput(
    string Name,
    string? Description,
    RotationSettings Settings,
    Guid ConnectionId,
    string ParametersJson,
    IReadOnlyList<KeyValuePair<string, string>> SecretsMapping,
    bool KeepRenamedSecrets,
    bool IsDeleteProtected)
{
    public const string FixedRule = "cannot be changed after creation; create a new rotation instead";

    public static UpdateRotationInput? Parse(UpdateRotationCommand command, SecretRotation existing, IRotationProvider provider, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        var settings = RotationSettings.Resolve(command.Schedule, errors,
            new RotationSettings(existing.IsAutoRotationEnabled, existing.RotationInterval, existing.RotateAtHours, existing.RotateAtMinutes, existing.RotationSchedule));
        var parametersJson = existing.ParametersJson;
        var mapping = Rotation.SecretsMapping.Parse(existing.SecretsMappingJson);

        // Parameters decide the outputs, so the mapping (new or kept) is checked against what the new parameters give.
        if (command.Parameters is not null || command.SecretsMapping is not null)
        {
            var merged = MergeParameters(command.Parameters, existing, provider, errors);
            var parsed = merged is null ? null : ParsedParameters.Parse(provider, JsonSerializer.SerializeToElement(merged), errors);
            var givenMapping = command.SecretsMapping ?? JsonSerializer.SerializeToElement(JsonNode.Parse(existing.SecretsMappingJson));
            mapping = CreateRotationInput.ParseMapping(givenMapping, parsed?.Plan.Outputs ?? provider.Descriptor.Outputs, errors);
            parametersJson = merged?.ToJsonString() ?? parametersJson;
        }

        return errors.IsEmpty
            ? new UpdateRotationInput(command.Name ?? existing.Name, command.Description ?? existing.Description, settings, command.ConnectionId ?? existing.ConnectionId,
                parametersJson, mapping, command.KeepRenamedSecrets, command.IsDeleteProtected ?? existing.IsDeleteProtected)
            : null;
    }

    /// <summary>
    /// The given parameters merged over the stored ones (a JSON merge patch one level deep: null removes a parameter).
    /// A parameter the provider does not mark changeable may be sent again only with its current value, so a client
    /// can send back what it read.
    /// </summary>
    private static JsonObject? MergeParameters(JsonElement? given, SecretRotation existing, IRotationProvider provider, ValidationErrors errors)
    {
        var merged = JsonNode.Parse(existing.ParametersJson)?.AsObject() ?? [];
        if (given is not { } patch)
        {
            return merged;
        }

        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors.Add("parameters", "must be an object");
            return null;
        }

        foreach (var property in patch.EnumerateObject())
        {
            var spec = provider.Descriptor.Parameters.FirstOrDefault(s => s.Name == property.Name);
            var value = property.Value.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(property.Value.GetRawText());
            if (spec is { Changeable: false } && !SameValue(spec, merged[property.Name], value))
            {
                // Kept as stored, so the parse below does not report the same field again.
                errors.Add($"parameters.{property.Name}", FixedRule);
            }
            else if (value is null)
            {
                merged.Remove(property.Name);
            }
            else
            {
                merged[property.Name] = value;
            }
        }

        return merged;
    }

    // A GUID written in another case or format is the same GUID.
    private static bool SameValue(ParameterSpec spec, JsonNode? stored, JsonNode? given) =>
        JsonNode.DeepEquals(stored, given)
        || (spec.Type == "guid" && Guid.TryParse(Text(stored), out var a) && Guid.TryParse(Text(given), out var b) && a == b);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
