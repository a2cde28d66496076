using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>
/// Turns <c>--param name=value</c> pairs into the create body's "parameters" object, each value converted by the
/// parameter's declared type. Mistakes are usage errors (exit 2) naming the flag, and nothing is created.
/// </summary>
internal static class ParamValues
{
    public static JsonObject Convert(IReadOnlyList<KeyValuePair<string, string>> given, RotationTypeOption type)
    {
        var parameters = new JsonObject();
        foreach (var group in given.GroupBy(p => p.Key, StringComparer.Ordinal))
        {
            var spec = type.Parameters.FirstOrDefault(p => p.Name == group.Key)
                ?? throw new UsageException(
                    $"--param: '{group.Key}' is not a parameter of {type.Type} (parameters: {string.Join(", ", type.Parameters.Select(p => p.Name))})");
            var values = group.Select(p => p.Value).ToList();
            if (spec.Type.EndsWith("[]", StringComparison.Ordinal))
            {
                // Repeated (--param hosts=a --param hosts=b) or comma-separated (--param hosts=a,b), or both.
                var items = values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                parameters[spec.Name] = new JsonArray([.. items.Select(item => One(spec, spec.Type[..^2], item))]);
            }
            else if (values.Count > 1)
            {
                throw new UsageException($"--param {spec.Name}: given more than once (it is a single {spec.Type})");
            }
            else
            {
                parameters[spec.Name] = One(spec, spec.Type, values[0]);
            }
        }

        return parameters;
    }

    private static JsonNode? One(RotationParameter spec, string type, string value) => type switch
    {
        "integer" => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : throw new UsageException($"--param {spec.Name}: '{value}' is not a whole number"),
        "boolean" => bool.TryParse(value, out var flag)
            ? JsonValue.Create(flag)
            : throw new UsageException($"--param {spec.Name}: '{value}' is not true or false"),
        "object" => ParseObject(spec, value),
        // guid, string and any type this CLI does not know yet: sent as text, for the server to judge.
        _ => JsonValue.Create(value),
    };

    private static JsonObject ParseObject(RotationParameter spec, string value)
    {
        try
        {
            return JsonNode.Parse(value) as JsonObject ?? throw new UsageException($"--param {spec.Name}: expects a JSON object such as {{\"length\": 32}}");
        }
        catch (JsonException e)
        {
            // The message names where parsing stopped, not the text: the value may be secret-adjacent.
            throw new UsageException($"--param {spec.Name}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
    }
}
