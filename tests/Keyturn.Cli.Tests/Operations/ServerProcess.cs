using System.Net.Http.Headers;
using Keyturn.Cli.Tests.Acceptance;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn server` as a real child process, started with the environment and flags a test gives; the one place the
/// tests start it, so the log check cannot be left out: on dispose the process is killed and its whole output checked
/// for every value in <see cref="Secrets"/> (what the test and the layers over this one sent, read or generated).
/// </summary>
public sealed class ServerProcess : IDisposable
{
    /// <summary>A hang guard for starts, lines, exits and requests, not a performance check.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private const string Listening = "Keyturn listening on ";

    private readonly KeyturnProcess _process;
    private int _disposed;

    private ServerProcess(KeyturnProcess process, Uri address, ISet<string> secrets) => (_process, Address, Secrets) = (process, address, secrets);

    /// <summary>The address the server printed it listens on (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>The values no output line may hold: the very set given at start, so a test keeping it can add later.</summary>
    public ISet<string> Secrets { get; }

    /// <summary>The process id, for signals (SIGHUP reloads the TLS pair, SIGTERM stops it).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line so far, stdout and stderr.</summary>
    public IReadOnlyCollection<string> Output => _process.Output;

    /// <summary>The stdout lines alone: the server's log (its own notices go to stderr).</summary>
    public IReadOnlyCollection<string> StandardOutput => _process.StandardOutput;

    /// <summary>The environment most tests start with: the root token, and every category at Trace so a debug-level leak shows.</summary>
    public static Dictionary<string, string> TraceEnvironment(string token) =>
        new() { ["KEYTURN_ROOT_TOKEN"] = token, ["Logging__LogLevel__Default"] = "Trace" };

    /// <summary>Starts the server and waits until it listens; fails with its output if it exits instead.</summary>
    public static async Task<ServerProcess> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string> environment, ISet<string> secrets, params string[] flags)
    {
        var process = Start(dataDirectory, environment, flags);
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(Listening, StringComparison.Ordinal), Bound);
            return new ServerProcess(process, new Uri(line[Listening.Length..].Split(' ')[0]), secrets);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts a server that is expected not to start: its exit code and every line it printed (stdout and stderr), checked for the secrets.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> StartRefusedAsync(
        string dataDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyCollection<string> secrets, params string[] flags)
    {
        using var process = Start(dataDirectory, environment, flags);
        var exitCode = await process.WaitForExitAsync(Bound);
        CheckOutput(process, secrets);
        return (exitCode, [.. process.Output]);
    }

    /// <summary>A client of this server, with the token as bearer when given (and the handler, e.g. one that records secrets).</summary>
    public HttpClient Client(string? token, HttpMessageHandler? handler = null)
    {
        var client = (handler is null ? new HttpClient() : new HttpClient(handler));
        client.BaseAddress = Address;
        client.Timeout = Bound;
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Waits (bounded) for an output line: the console logger writes from its own queue.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match) => _process.WaitForLineAsync(match, Bound);

    /// <summary>Waits (bounded) for the process to end, after a signal; its exit code.</summary>
    public Task<int> WaitForExitAsync() => _process.WaitForExitAsync(Bound);

    /// <summary>Kills the process (if it still runs) and checks its whole output; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _process.Dispose();
        CheckOutput(_process, [.. Secrets]);
    }

    private static KeyturnProcess Start(string dataDirectory, IReadOnlyDictionary<string, string> environment, string[] flags) =>
        KeyturnProcess.Start(environment, ["server", "--data-dir", dataDirectory, .. flags]);

    private static void CheckOutput(KeyturnProcess process, IReadOnlyCollection<string> secrets)
    {
        var leaks = LogLeakCheck.FindInOutput("keyturn server", process.Output, secrets);
        if (leaks.Count > 0)
        {
            throw new LogLeakException(LogLeakCheck.Describe(leaks, process.Output.Count, secrets.Count));
        }
    }
}
