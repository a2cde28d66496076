using System.Text.Json.Nodes;

namespace Keyturn.Server.Tests.OpenApi;

/// <summary>
/// Whether a JSON answer has the shape its schema in the document says: every field it writes is declared, every
/// required field is written, and nested objects and array items hold to theirs. Types are not checked beyond
/// object and array: the point is that the declared type is the one the route writes.
/// </summary>
public static class SchemaConformance
{
    public static IReadOnlyList<string> Mismatches(JsonNode document, JsonNode schema, JsonNode? value, string path = "$")
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(schema);
        var found = new List<string>();
        Check(document["components"]!["schemas"]!, schema, value, path, found);
        return found;
    }

    private static void Check(JsonNode schemas, JsonNode schema, JsonNode? value, string path, List<string> found)
    {
        schema = Resolve(schemas, schema, value);
        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                found.AddRange(obj.Where(p => !properties.ContainsKey(p.Key)).Select(p => $"{path}.{p.Key}: not in the schema"));
                found.AddRange((schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Where(r => !obj.ContainsKey(r))
                    .Select(r => $"{path}.{r}: required but not written"));
                foreach (var (name, field) in obj.Where(p => properties.ContainsKey(p.Key)))
                {
                    Check(schemas, properties[name]!, field, $"{path}.{name}", found);
                }

                break;
            case JsonArray array when schema["items"] is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(schemas, items, array[i], $"{path}[{i}]", found);
                }

                break;
            case JsonObject or JsonArray when !Allows(schema, value is JsonObject ? "object" : "array"):
                found.Add($"{path}: the schema does not allow {(value is JsonObject ? "an object" : "an array")}");
                break;
        }
    }

    private static bool Allows(JsonNode schema, string type) => schema["type"] switch
    {
        null => true,
        JsonArray types => types.Any(t => t!.GetValue<string>() == type),
        var single => single.GetValue<string>() == type,
    };

    // $ref, and a nullable reference written as oneOf [null, $ref].
    private static JsonNode Resolve(JsonNode schemas, JsonNode schema, JsonNode? value)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(schemas, schemas[reference.Split('/')[^1]]!, value);
        }

        return value is not null && schema["oneOf"]?.AsArray().FirstOrDefault(s => s?["type"]?.ToString() != "null") is { } inner
            ? Resolve(schemas, inner, value)
            : schema;
    }
}
