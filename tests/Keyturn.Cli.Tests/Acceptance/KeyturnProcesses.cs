using System.Security.Cryptography;
using Keyturn.Cli.Tests.Operations;
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
    private ServerProcess? _server;
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
        _secrets.Secret(RootToken);
        _secrets.Secret(AdminSecret);
        _server = await ServerProcess.StartAsync(Path.Combine(_directory, "server"), EmulatorAzureRotation.ServerEnvironment(_emulator, RootToken),
            new HashSet<string>(StringComparer.Ordinal), "--urls", "http://127.0.0.1:0", "--verify-timeout", "30");
        ServerUri = _server.Address;
        Api = _server.Client(RootToken, new SecretRecordingHandler(_secrets));
        Api.Timeout = TimeSpan.FromMinutes(2);
    }

    /// <summary>Runs a `keyturn` client command against the server and returns (exit code, output).</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        using var process = KeyturnProcess.Start(new Dictionary<string, string> { ["KEYTURN_ADDR"] = ServerUri.AbsoluteUri, ["KEYTURN_TOKEN"] = RootToken }, args);
        var exitCode = await process.WaitForExitAsync(StartBound);
        return (exitCode, string.Join('\n', process.Output));
    }

    /// <summary>
    /// Stops both processes; the server's output is checked once against every secret the tests sent or received
    /// through <see cref="Api"/>, the root token and the emulator's admin secret (the connection's credential).
    /// </summary>
    public Task DisposeAsync()
    {
        Api?.Dispose();
        try
        {
            _server?.Secrets.UnionWith(_secrets.Values);
            _server?.Dispose();
        }
        finally
        {
            _emulator?.Dispose();
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
