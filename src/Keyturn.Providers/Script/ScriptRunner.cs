using System.Diagnostics;

namespace Keyturn.Providers.Script;

/// <summary>
/// Runs one script as a child process in its own process group (setsid), with a clean environment and one line on
/// stdin. At the timeout, and after every run, the whole group is killed, so nothing a script started outlives it.
/// </summary>
public sealed class ScriptRunner
{
    public const int StderrTailChars = 4096;
    private const int StdoutKeepChars = 1 << 20;
    private const int StderrKeepChars = 64 * 1024;

    // Grandchildren that left the group could hold the pipes open; the run does not wait on them longer than this.
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(5);

    /// <param name="argv">Interpreter argv and the script's real path; never a secret.</param>
    /// <param name="environment">KEYTURN_* values (not secret); PATH, HOME and LANG are added from the server's own.</param>
    /// <param name="secrets">Every value to scrub from stderr (the stdin line included).</param>
    public async Task<ScriptRun> RunAsync(IReadOnlyList<string> argv, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        string stdinLine, IReadOnlyList<string?> secrets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = OperatingSystem.IsLinux() ? "setsid" : argv[0],
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in OperatingSystem.IsLinux() ? argv : argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/";
        start.Environment["LANG"] = Environment.GetEnvironmentVariable("LANG") ?? "C.UTF-8";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The script process did not start.");
        var pid = process.Id;
        using var drain = new CancellationTokenSource();
        var stdout = TailBuffer.ReadAsync(process.StandardOutput, StdoutKeepChars, drain.Token);
        var stderr = TailBuffer.ReadAsync(process.StandardError, StderrKeepChars, drain.Token);
        int? exitCode = null;
        try
        {
            await WriteStdinAsync(process, stdinLine, cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                exitCode = process.ExitCode;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The timeout: exitCode stays null.
            }
        }
        finally
        {
            // On Linux the script leads its own group (setsid execs it in place), so -pid reaches every process it started.
            NativeProcess.KillGroup(pid);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        drain.CancelAfter(DrainBound);
        var output = await Drained(stdout);
        var errors = await Drained(stderr);
        return new ScriptRun(exitCode, output, SecretScrubber.Tail(errors, [.. secrets, stdinLine], StderrTailChars));
    }

    private static async Task WriteStdinAsync(Process process, string line, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.WriteAsync((line + "\n").AsMemory(), cancellationToken);
            await process.StandardInput.FlushAsync(cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The script exited without reading stdin; its exit code tells the rest.
        }
    }

    private static async Task<string> Drained(Task<string> read)
    {
        try
        {
            return await read;
        }
        catch (OperationCanceledException)
        {
            return "";
        }
    }
}
