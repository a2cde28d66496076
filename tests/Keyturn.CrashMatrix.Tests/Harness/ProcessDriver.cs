using Keyturn.Cli.Tests.Acceptance;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>
/// A Keyturn server as its own process: the crash-test host (`keyturn server` plus the test providers) or the shipped
/// `keyturn server`. A crash failpoint SIGKILLs it, as kill -9 or a power cut would; the restart is a new process.
/// </summary>
public sealed class ProcessDriver(string program, string dataDirectory, string rootToken, string? caPath) : IServerDriver
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private KeyturnProcess? _process;
    private Api? _api;

    public const string TestHost = "Keyturn.TestHost.dll";
    public const string Keyturn = "keyturn.dll";

    public string FailpointAction => "crash";

    /// <summary>Hosts the server may call (--outbound-allow), for a rest-api cell's password service.</summary>
    public IReadOnlyList<string> OutboundAllow { get; init; } = [];

    public async Task<Api> StartAsync(string? failpoints)
    {
        Assert.Null(_process);
        var environment = new Dictionary<string, string> { ["KEYTURN_ROOT_TOKEN"] = rootToken, ["KEYTURN_FAILPOINTS"] = failpoints ?? "" };
        string[] trust = caPath is null ? [] : ["--extra-ca-file", caPath];
        string[] allow = OutboundAllow.Count == 0 ? [] : ["--outbound-allow", string.Join(',', OutboundAllow)];
        _process = KeyturnProcess.StartProgram(program, environment,
            ["server", "--data-dir", dataDirectory, "--urls", "http://127.0.0.1:0", "--verify-timeout", "1", "--scheduler-interval", "3600", .. trust, .. allow]);
        var line = await _process.WaitForLineAsync(l => l.StartsWith("Keyturn listening on ", StringComparison.Ordinal), StartBound);
        _api = new Api(new Uri(line["Keyturn listening on ".Length..].Split(' ')[0]), rootToken);
        return _api;
    }

    public async Task CrashedAsync()
    {
        var exitCode = await _process!.WaitForExitAsync(StartBound);
        Assert.True(exitCode == 137, $"the server should have died by SIGKILL at the failpoint (exit 137), not {exitCode}:\n{string.Join('\n', _process.Output)}");
        await StopAsync();
    }

    public Task StopAsync()
    {
        _api?.Dispose();
        _api = null;
        _process?.Dispose();
        _process = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
