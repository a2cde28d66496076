using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyturn.Bench.Rotations;

/// <summary>
/// The in-process Azure emulator and the in-process Keyturn servers (SQLite, loopback) that trust its CA.
/// Disposing stops every server, then the emulator, whichever of them started.
/// </summary>
public sealed class RotationRig : IAsyncDisposable
{
    private readonly List<KeyturnServerHost> _servers = [];

    private RotationRig(AzureEmulatorHost emulator) => Emulator = emulator;

    public AzureEmulatorHost Emulator { get; }

    public static async Task<RotationRig> StartAsync(CancellationToken cancellationToken)
    {
        // No propagation delay: every new secret works at once, so verify succeeds on its first token request on
        // both sides and the comparison is about the engine, not about waiting.
        var emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions { PropagationDelay = TimeSpan.Zero }, cancellationToken);
        return new RotationRig(emulator);
    }

    /// <summary>A Keyturn server with its SQLite file in <paramref name="dataDirectory"/>; stopped with the rig.</summary>
    public async Task<KeyturnServerHost> StartServerAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var options = new KeyturnServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = ["http://127.0.0.1:0"],
            ExtraTrustedRoots = [Emulator.CaCertificate],
            // The due-rotation loop must not run rotations of its own during the measurement.
            SchedulerInterval = TimeSpan.FromHours(1),
            // Two information lines per rotation would go to this process's stdout, which the harness keeps clean.
            LogLevel = LogLevel.Warning,
            Rotation = new RotationOptions
            {
                // Only used when a verify is refused, which without propagation delay it should not be.
                VerifyTimeout = TimeSpan.FromSeconds(20),
                VerifyInitialDelay = TimeSpan.FromMilliseconds(10),
                VerifyMaxDelay = TimeSpan.FromMilliseconds(200),
            },
        };
        var server = await KeyturnServerHost.StartAsync(options, cancellationToken);
        _servers.Add(server);
        return server;
    }

    /// <summary>A fresh app registration to rotate, owned by the emulator's admin app, with one secret made "by a human".</summary>
    public EmulatedApp CreateTargetApp(string name) =>
        Emulator.Control.CreateApplication(name, [], [Emulator.AdminApp.ObjectId], withInitialSecret: true);

    /// <summary>The body of POST /api/v1/app-connections/azure for the emulator's admin app.</summary>
    public object ConnectionBody(string name) => new
    {
        name,
        description = "benchmark connection",
        method = "client-secret",
        credentials = new { tenantId = Emulator.TenantId, clientId = Emulator.AdminApp.ClientId, clientSecret = Emulator.AdminApp.InitialSecret },
        endpoints = new { authorityHost = Emulator.AuthorityHost.AbsoluteUri, graph = Emulator.GraphEndpoint.AbsoluteUri },
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            await Emulator.DisposeAsync();
        }
    }
}
