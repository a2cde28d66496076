using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Reads response fields for table cells; a missing field is an empty cell, never an exception.</summary>
internal static class JsonText
{
    public static string Of(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject obj ? obj[name] : null;
        }

        return node switch
        {
            null => "",
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }

    public static IEnumerable<JsonNode> Items(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonArray array ? array.OfType<JsonNode>() : [];
}
