using System.Text;

namespace Keyturn.Cli;

/// <summary>An error answer from the server, read from its RFC 9457 ProblemDetails body.</summary>
internal sealed record ApiProblem(
    int Status,
    string Title,
    string? Detail,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Errors)
{
    /// <summary>
    /// <c>&lt;status&gt; &lt;title&gt;: &lt;detail&gt;; field: message; ...</c> — kept to one line
    /// because scripts read stderr line by line.
    /// </summary>
    public string ToOneLine()
    {
        var line = new StringBuilder().Append(Status).Append(' ').Append(OneLine(Title));
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Detail))
        {
            parts.Add(OneLine(Detail));
        }

        // Keyturn's own 400s already summarise the field errors in the detail, and a provider's refusal repeats the
        // detail under its field ("credentials"); saying either twice hides nothing but reads badly.
        var fieldParts = Errors.SelectMany(e => e.Value
                .Where(m => parts.Count == 0 || !parts[0].Contains(OneLine(m), StringComparison.Ordinal))
                .Select(m => string.IsNullOrEmpty(e.Key) ? OneLine(m) : $"{e.Key}: {OneLine(m)}"))
            .ToList();
        if (parts.Count == 0 || !fieldParts.All(parts[0].Contains))
        {
            parts.AddRange(fieldParts);
        }

        if (parts.Count > 0)
        {
            line.Append(": ").AppendJoin("; ", parts);
        }

        return line.ToString();
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
