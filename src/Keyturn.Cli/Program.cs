using System.CommandLine;
using Keyturn.Cli;

// Commands that host things in this process (server, demo, emulator azure) are added on this one line.
IReadOnlyList<Command> hostCommands = [];

return await CliApp.RunAsync(args, hostCommands, Console.Out, Console.Error, CancellationToken.None);
