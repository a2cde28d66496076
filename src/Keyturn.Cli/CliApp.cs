using System.CommandLine;
using System.CommandLine.Parsing;

namespace Keyturn.Cli;

/// <summary>Entry points of the <c>keyturn</c> command line, callable from tests without a process.</summary>
public static class CliApp
{
    /// <summary>The full command tree; <paramref name="hostCommands"/> (e.g. <c>server</c>) are added beside the API commands.</summary>
    public static RootCommand BuildRootCommand(IReadOnlyList<Command> hostCommands) =>
        BuildRootCommand(hostCommands, ProcessContext(Console.Out, Console.Error), handler: null);

    /// <summary>Parses and runs <paramref name="args"/>; exit code 0 ok, 1 failure, 2 usage error.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, [], stdout, stderr, ct);

    /// <inheritdoc cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>
    public static Task<int> RunAsync(
        string[] args, IReadOnlyList<Command> hostCommands, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, hostCommands, ProcessContext(stdout, stderr), handler: null, ct);

    internal static RootCommand BuildRootCommand(IReadOnlyList<Command> hostCommands, CliContext context, HttpMessageHandler? handler) =>
        BuildRootCommand(hostCommands, context, handler, new GlobalOptions());

    private static RootCommand BuildRootCommand(IReadOnlyList<Command> hostCommands, CliContext context, HttpMessageHandler? handler, GlobalOptions globals)
    {
        var runner = new CommandRunner(globals, context, handler);
        var root = new RootCommand("keyturn: rotate cloud credentials and serve them as secrets");
        foreach (var option in globals.OnRoot)
        {
            root.Add(option);
        }

        root.Add(ProjectCommands.Build(runner));
        root.Add(ConnectionCommands.Build(runner));
        root.Add(RotationCommands.Build(runner));
        root.Add(SecretCommands.Build(runner));
        root.Add(WebhookCommands.Build(runner));
        root.Add(MembershipCommands.Build(runner));
        root.Add(IdentityCommands.Build(runner));
        foreach (var command in LoginCommands.Build(runner))
        {
            root.Add(command);
        }

        root.Add(RunCommand.Build(runner));
        root.Add(ExportCommand.Build(runner));
        root.Add(AuditCommands.Build(runner));
        root.Add(TokenCommands.Build(runner));
        root.Add(StatusCommand.Build(runner));

        // The recursive client options go on the commands that talk to a server, not on the root: recursive from the
        // root they would show in `keyturn server --help` and be accepted (and ignored) by server, demo and emulator.
        foreach (var command in root.Subcommands)
        {
            foreach (var option in globals.All)
            {
                command.Add(option);
            }
        }

        // Local commands on the data directory: no server, so no client options.
        root.Add(BackupCommand.Build(context));
        root.Add(RestoreCommand.Build(context));
        root.Add(RootKeyCommands.Build(context));
        root.Add(Completion.CompletionCommand.Build(context, () => root));
        foreach (var command in hostCommands)
        {
            root.Add(command);
        }

        return root;
    }

    internal static async Task<int> RunAsync(
        string[] args, IReadOnlyList<Command> hostCommands, CliContext context, HttpMessageHandler? handler, CancellationToken ct)
    {
        var globals = new GlobalOptions();
        var parse = BuildRootCommand(hostCommands, context, handler, globals).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine would print every error plus the full help; one line is what scripts and people can read.
            var message = $"error: {string.Join("; ", parse.Errors.Select(e => OneLine(e.Message)))} (see '{CommandPath(parse)} --help')";
            context.Error.WriteLine(RedactTokens(message, parse, context, globals));
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        if (parse.CommandResult.Command.Name is "server" or "run" && parse.CommandResult.Parent is CommandResult { Parent: null })
        {
            // SIGTERM and Ctrl+C are these commands' own to handle: the server's host drains requests and rotation
            // attempts within --shutdown-timeout, and `run` passes the signal to its child and waits for its exit code.
            // System.CommandLine would end the process (exit 143) 2 s after the signal, mid-drain or with the child
            // still running.
            invocation.ProcessTerminationTimeout = null;
        }

        return await parse.InvokeAsync(invocation, ct);
    }

    // "keyturn rotation create", whatever the executable is called (tests run inside testhost).
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names.Prepend("keyturn"));
    }

    // Parse errors quote the offending tokens; a pasted or mistyped token (--tokn abc) must not end up on screen or in CI logs.
    private static string RedactTokens(string message, ParseResult parse, CliContext context, GlobalOptions globals)
    {
        var tokens = globals.TokensOnTheLine(parse).Append(context.GetEnvironmentVariable(GlobalOptions.TokenVariable))
            .Where(t => !string.IsNullOrEmpty(t));
        return tokens.Aggregate(message, (text, token) => text.Replace(token!, "<redacted>", StringComparison.Ordinal));
    }

    // Some parser messages list choices on indented lines; stderr gets one line per failure.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static CliContext ProcessContext(TextWriter stdout, TextWriter stderr) => new(
        stdout,
        stderr,
        Console.In,
        Environment.GetEnvironmentVariable,
        Interactive: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
}
