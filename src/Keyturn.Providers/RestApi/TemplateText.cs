using System.Text;
using System.Text.RegularExpressions;
using Keyturn.Core.Validation;

namespace Keyturn.Providers.RestApi;

/// <summary>The values a template may name; secret values come from the rotation's environment and path.</summary>
public sealed record TemplateValues(string? NewPassword, string? OldPassword, string? Username, IReadOnlyDictionary<string, string> Secrets);

/// <summary>
/// Text with {{newPassword}}, {{oldPassword}}, {{username}} and {{secret:NAME}} placeholders, parsed once. Rendering
/// encodes every value for where it lands (the caller's encoder): values are never spliced raw.
/// </summary>
public sealed partial class TemplateText
{
    private readonly IReadOnlyList<(string Literal, string? Placeholder)> _parts;

    private TemplateText(IReadOnlyList<(string, string?)> parts) => _parts = parts;

    /// <summary>The names of the {{secret:NAME}} placeholders.</summary>
    public IEnumerable<string> SecretNames => _parts.Select(p => p.Placeholder).OfType<string>().Where(p => p.StartsWith("secret:", StringComparison.Ordinal)).Select(p => p[7..]);

    public bool HasPlaceholders => _parts.Any(p => p.Placeholder is not null);

    /// <summary>The literal text around placeholders, for checks that must not see values (the host of a URL).</summary>
    public string LiteralWith(string stand) => string.Concat(_parts.Select(p => p.Literal + (p.Placeholder is null ? "" : stand)));

    /// <summary>Null and the broken rule when the text names an unknown placeholder (or oldPassword where it means nothing).</summary>
    public static TemplateText? Parse(string text, bool allowOldPassword, out string rule)
    {
        rule = "";
        var parts = new List<(string, string?)>();
        var at = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            var name = match.Groups[1].Value.Trim();
            var known = name is "newPassword" or "username" || (name == "oldPassword" && allowOldPassword)
                || (name.StartsWith("secret:", StringComparison.Ordinal) && Rules.IsSecretKey(name[7..]));
            if (!known)
            {
                rule = $"names an unknown placeholder {{{{{name}}}}}: use {{{{newPassword}}}}, " + (allowOldPassword ? "{{oldPassword}}, " : "") +
                       "{{username}} or {{secret:NAME}} (NAME a secret at the rotation's environment and path)";
                return null;
            }

            parts.Add((text[at..match.Index], name));
            at = match.Index + match.Length;
        }

        var tail = text[at..];
        if (tail.Contains("{{", StringComparison.Ordinal) || parts.Any(p => p.Item1.Contains("{{", StringComparison.Ordinal)))
        {
            rule = "has an unclosed '{{'";
            return null;
        }

        parts.Add((tail, null));
        return new TemplateText(parts);
    }

    public string Render(TemplateValues values, Func<string, string> encode)
    {
        var text = new StringBuilder();
        foreach (var (literal, placeholder) in _parts)
        {
            text.Append(literal);
            if (placeholder is not null)
            {
                text.Append(encode(Value(values, placeholder)));
            }
        }

        return text.ToString();
    }

    private static string Value(TemplateValues values, string placeholder) => placeholder switch
    {
        "newPassword" => values.NewPassword ?? "",
        "oldPassword" => values.OldPassword ?? "",
        "username" => values.Username ?? "",
        _ => values.Secrets[placeholder[7..]],
    };

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex Placeholder();
}
