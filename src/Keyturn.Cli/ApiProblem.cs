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

        foreach (var (field, messages) in Errors)
        {
            parts.AddRange(messages.Select(m => string.IsNullOrEmpty(field) ? OneLine(m) : $"{field}: {OneLine(m)}"));
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
