using System.Text.Json;
using System.Text.Json.Nodes;
using Keyturn.Core.Domain;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Rotation;

/// <summary>
/// A PATCH body with every field's shape checked against the rotation it changes; a field left out keeps its value.
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
    public const string KeepRenamedSecretsField = "keepRenamedSecrets";

    private const string FixedRule = "cannot be changed after creation; create a new rotation instead";

    public static UpdateRotationInput? Parse(JsonElement body, SecretRotation existing, IRotationProvider provider, ValidationErrors errors)
    {
        RotationBodyFields.Check(body, RotationBodyFields.Update, errors);
        foreach (var field in RotationBodyFields.Fixed.Where(f => Json.TryGet(body, f, out _)))
        {
            errors.Add(field, FixedRule);
        }

        var name = Json.OptionalString(body, "name", errors) ?? existing.Name;
        if (!Rules.IsRotationName(name))
        {
            errors.Add("name", Rules.RotationNameRule);
        }

        var description = Json.TryGet(body, "description", out _) ? Json.OptionalString(body, "description", errors) : existing.Description;
        if (description is { Length: > 256 })
        {
            errors.Add("description", "must be at most 256 characters");
        }

        var settings = RotationSettings.Parse(body, errors,
            new RotationSettings(existing.IsAutoRotationEnabled, existing.RotationInterval, existing.RotateAtHours, existing.RotateAtMinutes, existing.RotationSchedule));
        var connectionId = ReadConnectionId(body, existing, errors);
        var keep = Json.OptionalBool(body, KeepRenamedSecretsField, errors) ?? false;
        var deleteProtected = Json.OptionalBool(body, RotationBodyFields.DeleteProtected, errors) ?? existing.IsDeleteProtected;
        var parametersJson = existing.ParametersJson;
        var mapping = Rotation.SecretsMapping.Parse(existing.SecretsMappingJson);

        // Parameters decide the outputs, so the mapping (new or kept) is checked against what the new parameters give.
        if (Json.TryGet(body, "parameters", out _) || Json.TryGet(body, "secretsMapping", out _))
        {
            var merged = MergeParameters(body, existing, provider, errors);
            var parsed = merged is null ? null : ParsedParameters.Parse(provider, JsonSerializer.SerializeToElement(merged), errors);
            var mappingBody = Json.TryGet(body, "secretsMapping", out _) ? body : MappingBody(existing.SecretsMappingJson);
            mapping = CreateRotationInput.ParseMapping(mappingBody, parsed?.Plan.Outputs ?? provider.Descriptor.Outputs, errors);
            parametersJson = merged?.ToJsonString() ?? parametersJson;
        }

        return errors.IsEmpty ? new UpdateRotationInput(name, description, settings, connectionId, parametersJson, mapping, keep, deleteProtected) : null;
    }

    private static Guid ReadConnectionId(JsonElement body, SecretRotation existing, ValidationErrors errors)
    {
        var text = Json.OptionalString(body, "connectionId", errors);
        if (text is null)
        {
            return existing.ConnectionId;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors.Add("connectionId", Rules.GuidRule);
        return existing.ConnectionId;
    }

    /// <summary>
    /// The given parameters merged over the stored ones (a JSON merge patch one level deep: null removes a parameter).
    /// A parameter the provider does not mark changeable may be sent again only with its current value, so a client
    /// can send back what it read.
    /// </summary>
    private static JsonObject? MergeParameters(JsonElement body, SecretRotation existing, IRotationProvider provider, ValidationErrors errors)
    {
        var merged = JsonNode.Parse(existing.ParametersJson)?.AsObject() ?? [];
        if (!Json.TryGet(body, "parameters", out var patch))
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

    private static JsonElement MappingBody(string mappingJson) =>
        JsonSerializer.SerializeToElement(new JsonObject { ["secretsMapping"] = JsonNode.Parse(mappingJson) });
}
