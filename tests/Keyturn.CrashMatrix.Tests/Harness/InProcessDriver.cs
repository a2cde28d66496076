using System.Security.Cryptography.X509Certificates;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;
using Keyturn.TestProviders;
using Keyturn.Tests.Shared.Logging;
using Microsoft.Extensions.Logging;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// A Keyturn server in this process (Kestrel on 127.0.0.1:0, SQLite in the data directory) with the test providers
/// registered; failpoints throw, and stopping the host stands for the crash.
/// </summary>
public sealed class InProcessDriver(string dataDirectory, string rootToken, X509Certificate2? trustedCa) : IServerDriver
{
    private KeyturnServerHost? _host;
    private Api? _api;

    public string FailpointAction => "throw";

    /// <summary>The cell's target, whose outbound allow-list entries and CA the server needs (rest-api).</summary>
    public ICrashTarget? Target { get; init; }

    public async Task<Api> StartAsync(string? failpoints)
    {
        Assert.Null(_host);
        _host = await KeyturnServerHost.StartAsync(new KeyturnServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = ["http://127.0.0.1:0"],
            RootToken = rootToken,
            ExtraTrustedRoots = [.. trustedCa is null ? [] : new[] { trustedCa }, .. Target?.Ca is { } ca ? new[] { ca } : []],
            OutboundAllow = Target?.OutboundAllow ?? [],
            // Nothing is due in a cell; the loop only matters for the recovery it runs first on start.
            SchedulerInterval = TimeSpan.FromHours(1),
            LogLevel = LogLevel.Warning,
            AdditionalServices = services => services.AddTestProviders(),
            Rotation = new RotationOptions
            {
                VerifyTimeout = TimeSpan.FromSeconds(1),
                VerifyInitialDelay = TimeSpan.FromMilliseconds(100),
                VerifyMaxDelay = TimeSpan.FromMilliseconds(500),
                Failpoints = Failpoints.Parse(failpoints),
            },
        }.WithLogLeakCheck(), CancellationToken.None);
        _api = new Api(_host.Address, rootToken);
        return _api;
    }

    public Task CrashedAsync() => StopAsync();

    public async Task StopAsync()
    {
        _api?.Dispose();
        _api = null;
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
