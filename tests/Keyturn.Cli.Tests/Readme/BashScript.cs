using System.Collections.Concurrent;
using System.Diagnostics;

namespace Keyturn.Cli.Tests.Readme;

/// <summary>A bash script as a child process, as a terminal would run it; killed with everything it started on dispose.</summary>
internal sealed class BashScript : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private int _disposed;

    private BashScript(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Output => _lines;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static BashScript Start(string scriptPath, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(scriptPath);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return new BashScript(Process.Start(info) ?? throw new InvalidOperationException("could not start bash"));
    }

    /// <summary>Waits (bounded: a hang guard) for a line, or for the script to end; true when the line came.</summary>
    public async Task<bool> WaitForLineAsync(string line, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        while (!timeout.IsCancellationRequested)
        {
            if (_lines.Contains(line))
            {
                return true;
            }

            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the output readers
                return _lines.Contains(line);
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return false;
    }

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
