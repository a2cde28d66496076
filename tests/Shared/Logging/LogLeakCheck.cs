using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Keyturn.Tests.Shared.Logging;

/// <summary>
/// One recorded secret found in a log: where (a category and part, or a process's output line), a hash prefix, and
/// the text with every recorded value masked by its hash prefix: enough to find the log call, never the value.
/// </summary>
internal sealed record LogLeak(string Source, string Where, string HashPrefix, string MaskedText);

/// <summary>Looks for every recorded secret in every captured text (one multi-string search per text).</summary>
internal static class LogLeakCheck
{
    public static IReadOnlyList<LogLeak> Find(IEnumerable<CapturedLogLine> lines, IReadOnlyCollection<string> secrets)
    {
        if (secrets.Count == 0)
        {
            return [];
        }

        var search = SearchValues.Create([.. secrets], StringComparison.Ordinal);
        return [.. lines.SelectMany(line => line.Texts()
            .SelectMany(text => Occurrences(text.Text, search, secrets).Select(found => new LogLeak(line.Category, $"{line.Level} {text.Part}", HashPrefix(found), Mask(text.Text, secrets)))))
            .Distinct()];
    }

    /// <summary>
    /// A real process's captured stdout and stderr. The console logger writes "level: Category[id]" and then the
    /// message on following lines, so each leak names the category of the header above it.
    /// </summary>
    public static IReadOnlyList<LogLeak> FindInOutput(string process, IEnumerable<string> output, IReadOnlyCollection<string> secrets)
    {
        if (secrets.Count == 0)
        {
            return [];
        }

        // A JSON log line (--log-format json) escapes quotes, backslashes and control characters (and, with the default
        // encoder, also + < > & '): each secret is looked for in those spellings too, and reported as itself.
        var spellings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            foreach (var spelling in new[] { secret, JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(), JsonEncodedText.Encode(secret).ToString() })
            {
                spellings.TryAdd(spelling, secret);
            }
        }

        var search = SearchValues.Create([.. spellings.Keys], StringComparison.Ordinal);
        var leaks = new List<LogLeak>();
        var header = "(no log header)";
        var number = 0;
        foreach (var line in output)
        {
            number++;
            if (line.Length > 0 && line[0] != ' ' && line.Contains(": ", StringComparison.Ordinal) && line.EndsWith(']'))
            {
                header = line;
            }
            else if (SingleLineEntry.Match(line) is { Success: true } entry)
            {
                // `keyturn server`'s text format: time, level and category head the entry's own line.
                header = entry.Groups[1].Value;
            }

            leaks.AddRange(Occurrences(line, search, spellings.Keys).Select(found => new LogLeak(process, $"output line {number} under \"{header}\"",
                HashPrefix(spellings[found]), Mask(line, spellings.Keys))));
        }

        LogCheckSummary.Append("process", number, secrets.Count, leaks.Count);
        return leaks;
    }

    private static readonly Regex SingleLineEntry = new(@"^\S+ ((?:trce|dbug|info|warn|fail|crit): \S+\[\d+\])", RegexOptions.CultureInvariant);

    public static string Describe(IReadOnlyList<LogLeak> leaks, int linesChecked, int secretsRecorded)
    {
        var text = new StringBuilder($"{leaks.Count} recorded secret(s) found in the logs ({linesChecked} lines checked against {secretsRecorded} values):");
        foreach (var leak in leaks.Take(20))
        {
            text.Append($"\n  {leak.Source} ({leak.Where}): secret sha256:{leak.HashPrefix} in \"{leak.MaskedText}\"");
        }

        return text.ToString();
    }

    /// <summary>Names a value in a report without showing it: the first 12 hex digits of its SHA-256.</summary>
    public static string HashPrefix(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12];

    private static string Mask(string text, IReadOnlyCollection<string> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        var masked = secrets.OrderByDescending(s => s.Length).Aggregate(text, (t, s) => t.Replace(s, $"<sha256:{HashPrefix(s)}>", StringComparison.Ordinal));
        return masked.Length <= 300 ? masked : masked[..300] + "…";
    }

    private static IEnumerable<string> Occurrences(string text, SearchValues<string> search, IReadOnlyCollection<string> secrets)
    {
        var found = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var index = text.AsSpan(start).IndexOfAny(search);
            if (index < 0)
            {
                break;
            }

            var at = start + index;
            // Every secret starting here, not only the first: one may be a prefix of another.
            found.AddRange(secrets.Where(s => text.AsSpan(at).StartsWith(s, StringComparison.Ordinal)));
            start = at + 1;
        }

        return found;
    }
}
