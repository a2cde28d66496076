using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keyturn.Cli.Tests.Acceptance;

/// <summary>
/// `keyturn emulator azure` and `keyturn server` as two real processes. The server reaches the emulator only
/// through custom endpoints and trusts it only through SSL_CERT_FILE, as it would a sovereign cloud.
/// </summary>
public sealed class KeyturnProcesses : IAsyncLifetime
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-accept-").FullName;
    private KeyturnProcess? _emulator;
    private KeyturnProcess? _server;

    public string RootToken { get; } = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public Uri EmulatorUri { get; private set; } = null!;

    public string CaPath { get; private set; } = null!;

    public string TenantId { get; private set; } = null!;

    public string AdminClientId { get; private set; } = null!;

    public string AdminSecret { get; private set; } = null!;

    public string AdminObjectId { get; private set; } = null!;

    public Uri ServerUri { get; private set; } = null!;

    public EmulatorControlClient Control { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _emulator = KeyturnProcess.Start(new Dictionary<string, string>(), "emulator", "azure", "--port", "0", "--state-dir", Path.Combine(_directory, "emulator"));
        EmulatorUri = new Uri(Value(await _emulator.WaitForLineAsync(l => l.StartsWith("Keyturn Azure emulator listening on", StringComparison.Ordinal), StartBound), "listening on"));
        TenantId = Value(await _emulator.WaitForLineAsync(l => l.StartsWith("tenant id:", StringComparison.Ordinal), StartBound), ":");
        AdminClientId = Value(await _emulator.WaitForLineAsync(l => l.StartsWith("admin client id:", StringComparison.Ordinal), StartBound), ":");
        AdminSecret = Value(await _emulator.WaitForLineAsync(l => l.StartsWith("admin client secret:", StringComparison.Ordinal), StartBound), ":").Split(' ')[0];
        CaPath = Value(await _emulator.WaitForLineAsync(l => l.StartsWith("CA certificate:", StringComparison.Ordinal), StartBound), ":");
        Control = new EmulatorControlClient(EmulatorUri, X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(CaPath)));
        AdminObjectId = await Control.AdminObjectIdAsync();

        ServerUri = new Uri($"http://127.0.0.1:{FreePort()}/");
        _server = KeyturnProcess.Start(
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = CaPath, ["KEYTURN_ROOT_TOKEN"] = RootToken },
            "server", "--data-dir", Path.Combine(_directory, "server"), "--urls", ServerUri.AbsoluteUri.TrimEnd('/'), "--verify-timeout", "30");
        Api = new HttpClient { BaseAddress = ServerUri, Timeout = TimeSpan.FromMinutes(2) };
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

    public Task DisposeAsync()
    {
        Api?.Dispose();
        Control?.Dispose();
        _server?.Dispose();
        _emulator?.Dispose();
        Directory.Delete(_directory, recursive: true);
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

    private static string Value(string line, string after) => line[(line.IndexOf(after, StringComparison.Ordinal) + after.Length)..].Trim();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
