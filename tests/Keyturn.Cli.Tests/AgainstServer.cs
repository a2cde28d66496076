using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests;

/// <summary>
/// A real Keyturn server (in process, real HTTP) on a temporary data directory, trusting a real Azure emulator, with the
/// CLI run as a child process against it: what every end-to-end CLI test class starts and stops.
/// </summary>
public abstract class AgainstServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-cli-").FullName;

    protected AzureEmulatorHost Emulator { get; private set; } = null!;

    protected KeyturnServerHost Server { get; private set; } = null!;

    /// <summary>The test's temporary directory (the server's data directory), deleted with everything under it.</summary>
    protected string TempDirectory => _directory;

    public async Task InitializeAsync()
    {
        Emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);
        Server = await KeyturnServerHost.StartAsync(Configure(new KeyturnServerOptions
        {
            DataDirectory = _directory,
            Urls = ["http://127.0.0.1:0"],
            RootToken = CliRun.Token,
            ExtraTrustedRoots = [Emulator.CaCertificate],
            Rotation = new RotationOptions { VerifyTimeout = TimeSpan.FromSeconds(20), VerifyInitialDelay = TimeSpan.FromMilliseconds(100) },
        }).WithLogLeakCheck(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            await Emulator.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A class's own server settings (e.g. a slower scheduler), applied before the server starts.</summary>
    protected virtual KeyturnServerOptions Configure(KeyturnServerOptions options) => options;

    private protected Task<CliResult> RunOkAsync(params string[] args) => RunAsync("", args);

    /// <summary>Runs `keyturn` against the server with <paramref name="stdin"/>, asserting exit code 0.</summary>
    private protected async Task<CliResult> RunAsync(string stdin, params string[] args)
    {
        var result = await CliRun.RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = Server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token }, stdin);
        Assert.True(result.ExitCode == 0, $"keyturn {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }

    private protected static JsonNode Json(CliResult result) => JsonNode.Parse(result.Out)!;
}
