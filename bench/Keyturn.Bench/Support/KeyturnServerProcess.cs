using System.Diagnostics;
using System.Net.Http.Headers;

namespace Keyturn.Bench.Support;

/// <summary>
/// A real `keyturn server` process on a loopback port (SQLite in its data directory, or PostgreSQL), with a root
/// token chosen here. Start-up time is measured from process start to the first healthy /healthz answer.
/// </summary>
public sealed class KeyturnServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private KeyturnServerProcess(ChildProcess process, Uri address, string rootToken, TimeSpan startup)
    {
        _process = process;
        Address = address;
        RootToken = rootToken;
        Startup = startup;
    }

    public Uri Address { get; }

    public string RootToken { get; }

    /// <summary>From process start until /healthz first answered 200.</summary>
    public TimeSpan Startup { get; }

    public int ProcessId => _process.Id;

    public static async Task<KeyturnServerProcess> StartAsync(
        BenchContext context, string dataDirectory, string? postgres, CancellationToken cancellationToken, string? rootToken = null, bool requestAudit = true)
    {
        var port = Ports.FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        rootToken ??= "bench-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var arguments = new List<string> { "server", "--data-dir", dataDirectory, "--urls", address.ToString().TrimEnd('/'), "--scheduler-interval", "3600" };
        if (postgres is not null)
        {
            arguments.AddRange(["--postgres", postgres]);
        }

        var environment = new Dictionary<string, string>
        {
            ["KEYTURN_ROOT_TOKEN"] = rootToken,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (!requestAudit)
        {
            // Only for the read benchmark's "without audit" comparison (docs/audit.md).
            environment[Keyturn.Server.Hosting.KeyturnServerOptions.BenchRequestAuditOffVariable] = "1";
        }

        var clock = Stopwatch.StartNew();
        var process = ChildProcess.Start(context.KeyturnExecutable, arguments, Path.Combine(dataDirectory, "..", $"server-{port}.log"), environment);
        try
        {
            await WaitHealthyAsync(process, address, TimeSpan.FromSeconds(60), cancellationToken);
            return new KeyturnServerProcess(process, address, rootToken, clock.Elapsed);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident memory of the server process now.</summary>
    public long ResidentBytes() => ProcessMemory.ResidentBytes(_process.Id);

    /// <summary>An HttpClient for the API with the root token set.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RootToken);
        return client;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>Polls /healthz every 5 ms; fails with the server's own output when it exits or never becomes healthy.</summary>
    public static async Task WaitHealthyAsync(ChildProcess process, Uri address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited before it was ready:\n{process.ReadLog()}");
            }

            try
            {
                using var response = await http.GetAsync("healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One poll timed out on a busy machine: the overall deadline decides, not a single request.
            }

            await Task.Delay(5, cancellationToken);
        }

        throw new TimeoutException($"The server was not healthy within {timeout.TotalSeconds} s:\n{process.ReadLog()}");
    }
}
