using System.Diagnostics;

namespace Keyturn.Server.Tests.InfisicalSdk;

/// <summary>
/// Runs a Node script as a real child process from inside a directory with node_modules, so its bare imports resolve
/// as in a user's project. Parameters go in the environment, never on the command line, since some are secrets.
/// </summary>
internal static class NodeScript
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    /// <param name="script">The script to run; it is copied into a fresh folder under <paramref name="packageDirectory"/> and deleted afterwards.</param>
    public static async Task<Outcome> RunAsync(string script, string packageDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var folder = Directory.CreateDirectory(Path.Combine(packageDirectory, "runs", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var copy = Path.Combine(folder, Path.GetFileName(script));
            File.Copy(script, copy);
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(copy);
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Start(start);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"node {Path.GetFileName(script)} did not finish within {timeout}; stderr: {await stderr}");
            }

            return new Outcome(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node could not be started ({e.Message}); .ci/infisical-sdk-setup.sh installs Node.js.", e);
        }
    }
}
