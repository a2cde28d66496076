using System.CommandLine;
using Keyturn.AzureEmulator;

namespace Keyturn.Cli.Host;

/// <summary>`keyturn emulator azure`: the Entra + Graph emulator as a standalone HTTPS server.</summary>
public static class EmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTPS port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 8443 };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "Directory for the emulator's CA and state (kept across restarts)",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "keyturn-azure-emulator"),
        };
        var azure = new Command("azure", "Emulate Entra ID (token endpoint) and Microsoft Graph (applications) over HTTPS") { port, stateDir };
        azure.SetAction((parse, ct) => AzureEmulatorStandalone.RunAsync(parse.GetValue(port), Path.GetFullPath(parse.GetValue(stateDir)!), Console.Out, ct));
        return new Command("emulator", "Run a provider emulator for offline testing") { azure };
    }
}
