using System.Net;
using System.Text.Json;

namespace Keyturn.Cli;

/// <summary>
/// Turns an error response into an <see cref="ApiProblem"/>. Tolerant on purpose: a proxy in
/// front of the server may answer with HTML or Infisical-style <c>{message, error}</c>, and
/// the user still deserves a readable line rather than a JSON exception.
/// </summary>
internal static class ProblemDetailsReader
{
    private const int MaxDetailLength = 300;

    public static ApiProblem Read(HttpStatusCode status, string? reasonPhrase, string body)
    {
        var fallbackTitle = string.IsNullOrWhiteSpace(reasonPhrase) ? status.ToString() : reasonPhrase;
        if (TryParseObject(body) is not { } root)
        {
            var text = body.Trim();
            return new ApiProblem((int)status, fallbackTitle, text.Length == 0 ? null : Truncate(text), []);
        }

        var title = String(root, "title") ?? String(root, "error") ?? fallbackTitle;
        var detail = String(root, "detail") ?? String(root, "message");
        var code = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n)
            ? n
            : (int)status;
        return new ApiProblem(code, title, detail, ReadErrors(root));
    }

    private static JsonElement? TryParseObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> ReadErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var result = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var field in errors.EnumerateObject())
        {
            IReadOnlyList<string> messages = field.Value.ValueKind switch
            {
                JsonValueKind.Array => field.Value.EnumerateArray().Select(ToText).ToArray(),
                _ => [ToText(field.Value)],
            };
            result.Add(new(field.Name, messages));
        }

        return result;
    }

    private static string ToText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string text) =>
        text.Length <= MaxDetailLength ? text : string.Concat(text.AsSpan(0, MaxDetailLength), "…");
}
