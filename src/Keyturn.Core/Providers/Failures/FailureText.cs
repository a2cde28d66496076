using System.Text;
using System.Text.RegularExpressions;

namespace Keyturn.Core.Providers.Failures;

/// <summary>
/// Builds the one line an operator reads about a failed provider call: the provider's code first
/// ("AADSTS7000215: Invalid client secret provided."), each piece of text once, whitespace collapsed, and cut only
/// at a word boundary (with "…") when longer than <see cref="Limit"/>. The job's recorded message, the API's problem
/// detail and the CLI's error line all carry this text, so they read the same.
/// </summary>
public static partial class FailureText
{
    /// <summary>Generous on purpose: Entra's explanations run to a few hundred characters and are worth reading whole.</summary>
    public const int Limit = 1000;

    /// <summary>
    /// "<paramref name="code"/>: <paramref name="text"/> (<paramref name="context"/>)": the code (or, without one, the
    /// caller's label) leads; parts that repeat what an earlier part already said are dropped.
    /// </summary>
    public static string Compose(string? code, string text, string? context = null)
    {
        var lead = Normalize(code);
        var body = Normalize(text);
        if (lead.Length > 0 && body.StartsWith(lead, StringComparison.OrdinalIgnoreCase))
        {
            body = body[lead.Length..].TrimStart(' ', ':', '-', ',').TrimStart();
        }

        var said = new List<string>();
        if (lead.Length > 0)
        {
            said.Add(lead);
        }

        body = WithoutRepeats(body);
        if (body.Length > 0 && !said.Any(s => s.Contains(body, StringComparison.OrdinalIgnoreCase)))
        {
            said.Add(body);
        }

        var line = new StringBuilder(string.Join(": ", said));
        var tail = Normalize(context);
        if (tail.Length > 0 && !line.ToString().Contains(tail, StringComparison.OrdinalIgnoreCase))
        {
            line.Append(line.Length > 0 ? $" ({tail})" : tail);
        }

        return Trim(line.ToString());
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="limit"/> characters at the last word boundary, marking the cut with "…".</summary>
    public static string Trim(string text, int limit = Limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var room = text[..(limit - 1)];
        var space = room.LastIndexOf(' ');
        // One word longer than the limit (a URL, a token): cut inside it rather than return nothing.
        var cut = space > limit / 2 ? room[..space] : room;
        return cut.TrimEnd(' ', ',', ';', ':', '-') + "…";
    }

    /// <summary>Whitespace (line breaks included) collapsed to single spaces.</summary>
    public static string Normalize(string? text) => text is null ? "" : Whitespace().Replace(text, " ").Trim();

    /// <summary>
    /// Drops sentences said before in the same text: libraries wrap a cause in a message that quotes it
    /// ("X failed: Invalid secret. Invalid secret."), which is where doubled text came from.
    /// </summary>
    public static string WithoutRepeats(string text)
    {
        var kept = new List<string>();
        foreach (var sentence in SentenceEnd().Split(Normalize(text)))
        {
            var s = sentence.Trim();
            if (s.Length > 0 && !kept.Any(k => k.Contains(s, StringComparison.OrdinalIgnoreCase)))
            {
                kept.Add(s);
            }
        }

        return string.Join(' ', kept);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // After ". ", "! ", "? " only: keeps "1.2.3.4", "example.com" and "v1.0" whole.
    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
