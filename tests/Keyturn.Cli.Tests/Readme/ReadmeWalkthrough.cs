using System.Text.RegularExpressions;

namespace Keyturn.Cli.Tests.Readme;

/// <summary>
/// The walkthrough's code blocks as README.md has them: each ```bash block preceded by a
/// <c>&lt;!-- walkthrough: NAME --&gt;</c> line, grouped by NAME ("build", "terminal 1", "terminal 2") in order.
/// </summary>
internal sealed partial class ReadmeWalkthrough
{
    private readonly Dictionary<string, List<string>> _blocks;

    private ReadmeWalkthrough(Dictionary<string, List<string>> blocks) => _blocks = blocks;

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Keyturn.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no Keyturn.slnx above {AppContext.BaseDirectory}");
    }

    public static ReadmeWalkthrough Read() => Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));

    public static ReadmeWalkthrough Parse(string markdown)
    {
        var blocks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Match match in MarkedBlock().Matches(markdown.ReplaceLineEndings("\n")))
        {
            var name = match.Groups["name"].Value.Trim();
            // "build (a remark)": the name is what comes before the remark.
            name = name.Split(" (", 2)[0];
            if (!blocks.TryGetValue(name, out var list))
            {
                blocks[name] = list = [];
            }

            list.Add(match.Groups["code"].Value);
        }

        return new ReadmeWalkthrough(blocks);
    }

    public IReadOnlyList<string> Blocks(string name) =>
        _blocks.TryGetValue(name, out var list) ? list : throw new InvalidOperationException($"README.md has no block marked <!-- walkthrough: {name} -->");

    /// <summary>The fixed ports the blocks use (`--port N`, `127.0.0.1:N`), which a test must find free.</summary>
    public static IEnumerable<int> Ports(IEnumerable<string> blocks) =>
        blocks.SelectMany(b => PortPattern().Matches(b)).Select(m => int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct();

    [GeneratedRegex(@"^<!-- walkthrough: (?<name>[^\n]*?) -->\n```bash\n(?<code>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();

    [GeneratedRegex(@"(?:--port |127\.0\.0\.1:)(?<port>\d{2,5})")]
    private static partial Regex PortPattern();
}
