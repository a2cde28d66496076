using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Server.Tests.Support;

/// <summary>
/// A real Keyturn server on Kestrel (http://127.0.0.1:0) over a real SQLite file in a temp directory, trusting a
/// real in-process Azure emulator's CA. Disposing stops both and deletes the directory.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(AzureEmulatorHost emulator, KeyturnServerHost host, string directory, KeyturnServerOptions options)
    {
        Emulator = emulator;
        Host = host;
        Directory = directory;
        Options = options;
        Api = new ApiClient(host.Address, host.RootToken);
    }

    private bool _stopped;

    public AzureEmulatorHost Emulator { get; }

    public KeyturnServerHost Host { get; private set; }

    public string Directory { get; }

    public KeyturnServerOptions Options { get; private set; }

    public ApiClient Api { get; private set; }

    /// <param name="rootToken">As KEYTURN_ROOT_TOKEN; null lets the server generate root.token.</param>
    /// <param name="emulatorTime">The emulator's clock (token lifetimes, propagation, fault delays); null is the system clock.</param>
    /// <param name="configure">Changes the server's options before it starts (scheduler limits, retry settings).</param>
    /// <param name="failpoints">Stops attempts at a step (a hang holds it for a deterministic recovery test).</param>
    public static async Task<TestServer> StartAsync(TimeSpan? propagationDelay = null, TimeSpan? verifyTimeout = null, TimeProvider? timeProvider = null,
        string? rootToken = null, TimeProvider? emulatorTime = null, Func<KeyturnServerOptions, KeyturnServerOptions>? configure = null, Failpoints? failpoints = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("keyturn-test-").FullName;
        var emulator = await AzureEmulatorHost.StartAsync(
            new AzureEmulatorOptions { PropagationDelay = propagationDelay ?? TimeSpan.Zero, TimeProvider = emulatorTime ?? TimeProvider.System }, CancellationToken.None);
        var options = new KeyturnServerOptions
        {
            DataDirectory = Path.Combine(directory, "data"),
            RootToken = rootToken,
            Urls = ["http://127.0.0.1:0"],
            ExtraTrustedRoots = [emulator.CaCertificate],
            TimeProvider = timeProvider ?? TimeProvider.System,
            // Scheduler tests drive the loop by hand; its own timer must not fire during a test.
            SchedulerInterval = TimeSpan.FromHours(1),
            Rotation = new RotationOptions
            {
                VerifyTimeout = verifyTimeout ?? TimeSpan.FromSeconds(20),
                VerifyInitialDelay = TimeSpan.FromMilliseconds(100),
                VerifyMaxDelay = TimeSpan.FromMilliseconds(500),
                Failpoints = failpoints ?? Failpoints.None,
            },
        };
        options = (configure?.Invoke(options) ?? options).WithLogLeakCheck();
        var host = await KeyturnServerHost.StartAsync(options, CancellationToken.None);
        return new TestServer(emulator, host, directory, options);
    }

    /// <summary>The Keyturn data directory (SQLite file, WAL, root.key, root.token, node.id).</summary>
    public string DataDirectory => Options.DataDirectory;

    /// <summary>Stops the server and starts a new one on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await StopServerAsync();
        await StartServerAsync();
    }

    /// <summary>Stops the Keyturn server (closing the database) but keeps the emulator and the data directory.</summary>
    public async Task StopServerAsync()
    {
        if (_stopped)
        {
            return;
        }

        Api.Dispose();
        await Host.DisposeAsync();
        _stopped = true;
    }

    /// <summary>
    /// Starts the Keyturn server again on the same data directory after <see cref="StopServerAsync"/>, with
    /// <paramref name="failpoints"/> (none by default: a restart after a held step recovers it).
    /// </summary>
    public async Task StartServerAsync(Failpoints? failpoints = null)
    {
        Options = Options with { Rotation = Options.Rotation with { Failpoints = failpoints ?? Failpoints.None } };
        Host = await KeyturnServerHost.StartAsync(Options, CancellationToken.None);
        Api = new ApiClient(Host.Address, Host.RootToken);
        _stopped = false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        finally
        {
            // A failed log check throws from the host's disposal; the emulator and directory still go.
            await Emulator.DisposeAsync();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
