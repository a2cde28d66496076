using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Keyturn.Cli;

/// <summary>
/// Runs the command <c>keyturn run</c> was given: stdio inherited, the given environment, SIGINT, SIGTERM and SIGHUP sent
/// to keyturn passed on to the child, and the child's exit code returned (128 + signal when a signal ended it).
/// </summary>
internal static class ChildProcess
{
    public static async Task<int> RunAsync(IReadOnlyList<string> command, Action<IDictionary<string, string?>> prepareEnvironment)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        prepareEnvironment(start.Environment);
        using var child = Start(start);
        var forwarding = OperatingSystem.IsWindows()
            ? []
            : new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                // keyturn stays up until the child has ended, so the exit code can be passed back.
                context.Cancel = true;
                _ = Kill(child.Id, SignalNumber(context.Signal));
            })).ToList();
        try
        {
            // Not cancellable: Ctrl+C is the child's to handle; keyturn waits for its answer.
            await child.WaitForExitAsync(CancellationToken.None);
            return child.ExitCode;
        }
        finally
        {
            forwarding.ForEach(r => r.Dispose());
        }
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new UsageException($"could not start '{start.FileName}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"could not start '{start.FileName}': {e.Message}");
        }
    }

    // PosixSignal's values are .NET's own (negative); kill(2) wants the Linux/macOS numbers, which agree for these three.
    private static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        _ => 15,
    };

    // DllImport rather than LibraryImport: two ints need no marshalling, and LibraryImport would require unsafe code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
