using System.CommandLine;
using System.CommandLine.Parsing;

namespace Keyturn.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs the CLI in process with its own environment, stdin and writers, so tests run in parallel.</summary>
internal static class CliRun
{
    public const string Token = "test-token-3f9a";

    /// <summary>Runs against <paramref name="address"/> with <see cref="Token"/> set in the fake environment.</summary>
    public static Task<CliResult> AgainstAsync(string address, params string[] args) =>
        RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = address, ["KEYTURN_TOKEN"] = Token });

    public static async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string> environment, string stdin = "")
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, new StringReader(stdin), name => environment.GetValueOrDefault(name), Interactive: false);
        var exitCode = await CliApp.RunAsync(args, [], context, handler: null, CancellationToken.None);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Parses without running and returns the leaf command, for the pure body builders.</summary>
    public static (TCommand Command, ParseResult Parse) Parse<TCommand>(string commandLine)
        where TCommand : Command
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, Interactive: false);
        var parse = CliApp.BuildRootCommand([], context, handler: null).Parse(CommandLineParser.SplitCommandLine(commandLine).ToArray());
        Assert.Empty(parse.Errors);
        return ((TCommand)parse.CommandResult.Command, parse);
    }

    /// <summary>Parse errors of a command line, as the user would see them.</summary>
    public static IReadOnlyList<string> ParseErrors(string commandLine)
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, Interactive: false);
        var parse = CliApp.BuildRootCommand([], context, handler: null).Parse(CommandLineParser.SplitCommandLine(commandLine).ToArray());
        return parse.Errors.Select(e => e.Message).ToList();
    }
}
