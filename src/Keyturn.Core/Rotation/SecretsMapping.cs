using System.Text.Json;

namespace Keyturn.Core.Rotation;

/// <summary>Output name to secret key, in the order the client gave them.</summary>
public static class SecretsMapping
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList();
    }

    public static string ToJson(IEnumerable<KeyValuePair<string, string>> mapping) =>
        JsonSerializer.Serialize(mapping.ToDictionary(m => m.Key, m => m.Value));
}
