using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyturn.Cli;

/// <summary>The one JSON shape the CLI speaks: camelCase, and unset optional fields left out so server defaults apply.</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Used for <c>--output json</c>; relaxed escaping so a secret with <c>+</c> or <c>&lt;</c> prints as itself.</summary>
    public static JsonSerializerOptions Pretty { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T body) => JsonSerializer.Serialize(body, Options);
}
