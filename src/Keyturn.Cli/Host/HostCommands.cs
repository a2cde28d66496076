using System.CommandLine;
using Keyturn.Cli.Demo;

namespace Keyturn.Cli.Host;

/// <summary>The commands that run something in this process (as opposed to talking to a server).</summary>
public static class HostCommands
{
    public static IReadOnlyList<Command> All() => [ServerCommand.Create(), DemoCommand.Create(), EmulatorCommand.Create()];
}
