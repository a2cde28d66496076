using System.CommandLine.Parsing;

namespace Keyturn.Cli;

/// <summary>Parses repeatable <c>name=value</c> flags (<c>--param</c>, <c>--map</c>) at parse time; the value may itself contain '='.</summary>
internal static class KeyValueTokens
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ArgumentResult result, string flag, string example)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var separator = token.Value.IndexOf('=');
            if (separator <= 0)
            {
                result.AddError($"{flag}: '{token.Value}' is not name=value (e.g. {example})");
                continue;
            }

            pairs.Add(KeyValuePair.Create(token.Value[..separator], token.Value[(separator + 1)..]));
        }

        return pairs;
    }
}
