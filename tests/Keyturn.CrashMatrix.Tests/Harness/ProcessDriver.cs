using Keyturn.Cli.Tests.Acceptance;
using Keyturn.Tests.Shared.Logging;

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
    private readonly SecretValueRecorder _secrets = new();
    private readonly List<KeyturnProcess> _stopped = [];

    public const string TestHost = "Keyturn.TestHost.dll";
    public const string Keyturn = "keyturn.dll";

    public string FailpointAction => "crash";

    /// <summary>Hosts the server may call (--outbound-allow), for a rest-api cell's password service.</summary>
    public IReadOnlyList<string> OutboundAllow { get; init; } = [];

    public async Task<Api> StartAsync(string? failpoints)
    {
        Assert.Null(_process);
        // Keyturn's own categories at Trace, so a debug-level leak shows in the output the log check reads.
        var environment = new Dictionary<string, string>
        {
            ["KEYTURN_ROOT_TOKEN"] = rootToken, ["KEYTURN_FAILPOINTS"] = failpoints ?? "", ["Logging__LogLevel__Default"] = "Trace",
        };
        _secrets.Secret(rootToken);
        string[] trust = caPath is null ? [] : ["--extra-ca-file", caPath];
        string[] allow = OutboundAllow.Count == 0 ? [] : ["--outbound-allow", string.Join(',', OutboundAllow)];
        _process = KeyturnProcess.StartProgram(program, environment,
            ["server", "--data-dir", dataDirectory, "--urls", "http://127.0.0.1:0", "--verify-timeout", "1", "--scheduler-interval", "3600", .. trust, .. allow]);
        var line = await _process.WaitForLineAsync(l => l.StartsWith("Keyturn listening on ", StringComparison.Ordinal), StartBound);
        _api = new Api(new Uri(line["Keyturn listening on ".Length..].Split(' ')[0]), rootToken, new SecretRecordingHandler(_secrets));
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
        if (_process is not null)
        {
            _process.Dispose();
            _stopped.Add(_process);
        }

        _process = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops the server, then checks each process's output once against every secret the cell sent or received,
    /// including those a later process handed out that an earlier one may have logged before it died.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        var values = _secrets.Values;
        var leaks = _stopped.SelectMany((process, i) => LogLeakCheck.FindInOutput($"{program} process {i + 1}", process.Output, values)).ToList();
        if (leaks.Count > 0)
        {
            throw new LogLeakException(LogLeakCheck.Describe(leaks, _stopped.Sum(p => p.Output.Count), values.Count));
        }
    }
}
