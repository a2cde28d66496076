using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Keyturn.Tests.Shared;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Acceptance;

/// <summary>
/// `keyturn emulator azure` and `keyturn server` as two real processes. The server reaches the emulator only
/// through custom endpoints and trusts it only through SSL_CERT_FILE, as it would a sovereign cloud.
/// </summary>
public sealed class KeyturnProcesses : IAsyncLifetime
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-accept-").FullName;
    private EmulatorProcess? _emulator;
    private KeyturnProcess? _server;
    private readonly SecretValueRecorder _secrets = new();

    public string RootToken { get; } = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public Uri EmulatorUri => Emulator.Uri;

    public string CaPath => Emulator.CaPath;

    public string TenantId => Emulator.TenantId;

    public string AdminClientId => Emulator.AdminClientId;

    public string AdminSecret => Emulator.AdminSecret;

    public string AdminObjectId => Emulator.AdminObjectId;

    public Uri ServerUri { get; private set; } = null!;

    public EmulatorControlClient Control => Emulator.Control;

    private EmulatorProcess Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorProcess.StartAsync(Path.Combine(_directory, "emulator"));

        ServerUri = new Uri($"http://127.0.0.1:{LoopbackPorts.Unused()}/");
        _server = KeyturnProcess.Start(
            // Keyturn's own categories at Trace, so a debug-level leak shows in the output the log check reads.
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = CaPath, ["KEYTURN_ROOT_TOKEN"] = RootToken, ["Logging__LogLevel__Default"] = "Trace" },
            "server", "--data-dir", Path.Combine(_directory, "server"), "--urls", ServerUri.AbsoluteUri.TrimEnd('/'), "--verify-timeout", "30");
        _secrets.Secret(RootToken);
        _secrets.Secret(AdminSecret);
        Api = new HttpClient(new SecretRecordingHandler(_secrets)) { BaseAddress = ServerUri, Timeout = TimeSpan.FromMinutes(2) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RootToken);
        await WaitForHealthAsync();
    }

    /// <summary>Runs a `keyturn` client command against the server and returns (exit code, output).</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        using var process = KeyturnProcess.Start(new Dictionary<string, string> { ["KEYTURN_ADDR"] = ServerUri.AbsoluteUri, ["KEYTURN_TOKEN"] = RootToken }, args);
        var exitCode = await process.WaitForExitAsync(StartBound);
        return (exitCode, string.Join('\n', process.Output));
    }

    /// <summary>
    /// Stops both processes, then checks the server's output once against every secret the tests sent or received
    /// through <see cref="Api"/>, the root token and the emulator's admin secret (the connection's credential).
    /// </summary>
    public Task DisposeAsync()
    {
        Api?.Dispose();
        _server?.Dispose();
        _emulator?.Dispose();
        Directory.Delete(_directory, recursive: true);
        if (_server is not null)
        {
            var values = _secrets.Values;
            var leaks = LogLeakCheck.FindInOutput("keyturn server", _server.Output, values);
            if (leaks.Count > 0)
            {
                throw new LogLeakException(LogLeakCheck.Describe(leaks, _server.Output.Count, values.Count));
            }
        }

        return Task.CompletedTask;
    }

    private async Task WaitForHealthAsync()
    {
        using var bound = new CancellationTokenSource(StartBound);
        while (true)
        {
            try
            {
                if ((await Api.GetAsync("healthz", bound.Token)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!_server!.HasExited)
            {
                // not listening yet
            }

            if (_server!.HasExited || bound.IsCancellationRequested)
            {
                throw new InvalidOperationException($"keyturn server did not become healthy:\n{string.Join('\n', _server.Output)}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
