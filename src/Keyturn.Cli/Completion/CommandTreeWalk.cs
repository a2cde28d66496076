using System.CommandLine;

namespace Keyturn.Cli.Completion;

/// <summary>One command of the tree as completion sees it: its path ("keyturn secret get") and what may follow it.</summary>
/// <param name="ArgumentValues">Fixed values its positional arguments accept (e.g. the shells of <c>completion</c>).</param>
internal sealed record CompletionNode(string Path, IReadOnlyList<string> Subcommands, IReadOnlyList<CompletionOption> Options, IReadOnlyList<string> ArgumentValues);

/// <summary>An option's names ("--output", "-o"), the values it accepts when they are a fixed list, and its help line.</summary>
internal sealed record CompletionOption(IReadOnlyList<string> Names, IReadOnlyList<string> Values, string Description);

/// <summary>
/// Flattens the live command tree into <see cref="CompletionNode"/>s, so the scripts are generated from the same commands
/// the parser has and cannot drift from them. Hidden commands and options are left out; recursive options of an
/// ancestor (e.g. --addr) are offered on every command under it, as the parser accepts them there.
/// </summary>
internal static partial class CommandTreeWalk
{
    public const string ProgramName = "keyturn";

    public static IReadOnlyList<CompletionNode> Nodes(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var nodes = new List<CompletionNode>();
        Visit(root, ProgramName, [], nodes);
        return nodes;
    }

    private static void Visit(Command command, string path, IReadOnlyList<Option> inherited, List<CompletionNode> nodes)
    {
        var visible = command.Subcommands.Where(c => !c.Hidden).ToList();
        var own = command.Options.Where(o => !o.Hidden).ToList();
        var options = inherited.Concat(own).DistinctBy(o => o.Name).Select(Describe).ToList();
        var argumentValues = command.Arguments.Where(a => !a.Hidden && a.ValueType != typeof(bool))
            .SelectMany(a => a.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty)).Select(c => c.Label).Distinct().ToList();
        nodes.Add(new CompletionNode(path, visible.Select(c => c.Name).ToList(), options, argumentValues));
        var passedDown = inherited.Concat(own.Where(o => o.Recursive)).ToList();
        foreach (var sub in visible)
        {
            Visit(sub, $"{path} {sub.Name}", passedDown, nodes);
        }
    }

    private static CompletionOption Describe(Option option)
    {
        // A fixed list of accepted values (AcceptOnlyFromAmong) is what the option's completion sources return with no
        // text typed; anything else (ids, names, paths) the shell cannot know.
        var values = option.ValueType == typeof(bool)
            ? []
            : option.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label).ToList();
        var description = (option.Description ?? "").Split('\n')[0];
        // Only plain names (--data-dir, -o): the scripts use them unquoted, and /?, /h and -? are help aliases nobody
        // completes (a ? would also glob in the shells).
        var names = option.Aliases.Prepend(option.Name).Where(n => PlainName().IsMatch(n)).Distinct().ToList();
        return new CompletionOption(names, values, description);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^--?[A-Za-z0-9][A-Za-z0-9-]*$")]
    private static partial System.Text.RegularExpressions.Regex PlainName();
}
