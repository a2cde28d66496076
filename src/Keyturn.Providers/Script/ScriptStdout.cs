using System.Text.Json;

namespace Keyturn.Providers.Script;

/// <summary>
/// The outputs a script reports: the last JSON object on its standard output (a line of its own, or the end of the
/// text), whose string fields become outputs. Anything printed before it is ignored, as Keeper ignores stdout.
/// </summary>
internal static class ScriptStdout
{
    public static IReadOnlyDictionary<string, string>? LastObject(string stdout)
    {
        // The object is at the end; a bound keeps the backwards search cheap on a chatty script.
        var text = stdout.TrimEnd();
        text = text.Length > 65536 ? text[^65536..] : text;
        if (!text.EndsWith('}'))
        {
            return null;
        }

        // Try each '{' from the end: the first that starts a complete object reaching the end is the last object.
        for (var start = text.LastIndexOf('{'); start >= 0; start = start == 0 ? -1 : text.LastIndexOf('{', start - 1))
        {
            try
            {
                using var document = JsonDocument.Parse(text[start..]);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document.RootElement.EnumerateObject()
                        .Where(p => p.Value.ValueKind == JsonValueKind.String)
                        .ToDictionary(p => p.Name, p => p.Value.GetString()!);
                }
            }
            catch (JsonException)
            {
                // Not a complete object from here; an earlier brace may start it.
            }
        }

        return null;
    }
}
