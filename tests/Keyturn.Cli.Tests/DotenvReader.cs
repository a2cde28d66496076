using System.Text;

namespace Keyturn.Cli.Tests;

/// <summary>
/// Reads the dotenv grammar docs/cli.md documents (KEY='raw' or KEY="escaped" with \\ \" \n \r \t), written independently
/// of the exporter so a round trip checks the format, not the code against itself.
/// </summary>
internal static class DotenvReader
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..eq];
            var raw = line[(eq + 1)..];
            values[key] = raw[0] == '\'' ? raw[1..^1] : Unescape(raw[1..^1]);
        }

        return values;
    }

    private static string Unescape(string quoted)
    {
        var value = new StringBuilder();
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] != '\\')
            {
                Assert.NotEqual('"', quoted[i]);
                value.Append(quoted[i]);
                continue;
            }

            value.Append(quoted[++i] switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '"' => '"',
                '\\' => '\\',
                var other => throw new FormatException($"unknown escape \\{other}"),
            });
        }

        return value.ToString();
    }
}
