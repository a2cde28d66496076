using System.CommandLine;

namespace Keyturn.Cli.Completion;

/// <summary><c>keyturn completion bash|zsh|fish</c>: prints a completion script for the whole command tree.</summary>
internal static class CompletionCommand
{
    /// <param name="root">Read when the command runs, so commands added after this one (server, demo) are completed too.</param>
    public static Command Build(CliContext context, Func<Command> root)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" }.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        var completion = new Command("completion", "Print a shell completion script: source <(keyturn completion bash)") { shell };
        completion.SetAction(parse =>
        {
            context.Out.Write(CompletionScripts.For(parse.GetRequiredValue(shell), CommandTreeWalk.Nodes(root())));
            return ExitCodes.Success;
        });
        return completion;
    }
}
