using System.Collections.Concurrent;
using System.Diagnostics;

namespace Keyturn.Cli.Tests.Acceptance;

/// <summary>A built program (`keyturn`, or the crash-test host) as a real child process; killed (with its children) on dispose.</summary>
public sealed class KeyturnProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _stdout = new();
    private int _disposed;

    private KeyturnProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
                _lines.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Output => _lines;

    /// <summary>The stdout lines alone (where the server's log goes; its own notices go to stderr).</summary>
    public IReadOnlyCollection<string> StandardOutput => _stdout;

    public bool HasExited => _process.HasExited;

    /// <summary>The process id, for signals (SIGHUP reloads the TLS pair, `kill -TERM` stops it).</summary>
    public int Id => _process.Id;

    public static KeyturnProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartProgram("keyturn.dll", environment, args);

    /// <summary>Runs <paramref name="program"/> (a dll in this test's output folder) with `dotnet`.</summary>
    public static KeyturnProcess StartProgram(string program, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new KeyturnProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start keyturn"));
    }

    /// <summary>The first output line matching, waiting up to the bound (a hang guard, not a performance check).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        while (!timeout.IsCancellationRequested)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"No matching line; output so far:\n{string.Join('\n', _lines)}");
    }

    /// <summary>Waits for the process to end (bounded) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>Kills the process; safe to call twice (a log check stops it early to read its whole output).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
