using Keyturn.Cli.Tests.Acceptance;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn server` as a real process with the flags a test gives, for the TLS and start-up tests; killed on dispose,
/// when its output is checked for the root token and whatever else the test calls secret (the TLS private keys).
/// </summary>
public sealed class ServerProcessRun : IDisposable
{
    private const string Listening = "Keyturn listening on ";

    private readonly KeyturnProcess _process;
    private readonly IReadOnlyCollection<string> _secrets;

    private ServerProcessRun(KeyturnProcess process, Uri address, IReadOnlyCollection<string> secrets)
    {
        _process = process;
        Address = address;
        _secrets = secrets;
    }

    /// <summary>The address the server printed it listens on (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public IReadOnlyCollection<string> Output => _process.Output;

    public static async Task<ServerProcessRun> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyCollection<string> secrets, params string[] flags)
    {
        var process = KeyturnProcess.Start(environment, ["server", "--data-dir", dataDirectory, .. flags]);
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(Listening, StringComparison.Ordinal), OperationsServer.Bound);
            return new ServerProcessRun(process, new Uri(line[Listening.Length..].Split(' ')[0]), secrets);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts a server that is expected not to start: its exit code and every line it printed (stdout and stderr).</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> StartRefusedAsync(
        string dataDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyCollection<string> secrets, params string[] flags)
    {
        using var process = KeyturnProcess.Start(environment, ["server", "--data-dir", dataDirectory, .. flags]);
        var exitCode = await process.WaitForExitAsync(OperationsServer.Bound);
        Check(process, secrets);
        return (exitCode, [.. process.Output]);
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match) => _process.WaitForLineAsync(match, OperationsServer.Bound);

    public void Dispose()
    {
        _process.Dispose();
        Check(_process, _secrets);
    }

    private static void Check(KeyturnProcess process, IReadOnlyCollection<string> secrets)
    {
        var leaks = LogLeakCheck.FindInOutput("keyturn server", process.Output, secrets);
        if (leaks.Count > 0)
        {
            throw new LogLeakException(LogLeakCheck.Describe(leaks, process.Output.Count, secrets.Count));
        }
    }
}
