using System.CommandLine;
using Keyturn.Cli;
using Keyturn.Cli.Host;

// Commands that host things in this process (server, demo, emulator azure) are added on this one line.
IReadOnlyList<Command> hostCommands = HostCommands.All();

return await CliApp.RunAsync(args, hostCommands, Console.Out, Console.Error, CancellationToken.None);
