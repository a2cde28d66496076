using System.CommandLine;

namespace Keyturn.Cli.Demo;

/// <summary>`keyturn demo`: the whole story against the bundled Azure emulator, in seconds, offline.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var delay = new Option<double>("--propagation-delay")
        {
            Description = "Seconds the emulated Entra takes to accept a new secret (shows verification waiting for it)",
            DefaultValueFactory = _ => 1.5,
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary data directory and print its path" };
        var command = new Command("demo", "Rotate an Azure app's client secret twice against the bundled emulator, proving zero downtime") { delay, keep };
        command.SetAction(async (parse, ct) =>
            await new DemoRunner(Console.Out).RunAsync(TimeSpan.FromSeconds(parse.GetValue(delay)), parse.GetValue(keep), ct));
        return command;
    }
}
