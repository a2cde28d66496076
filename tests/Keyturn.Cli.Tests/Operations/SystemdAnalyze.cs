using System.Diagnostics;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `systemd-analyze verify` on a unit file, and whether it is there to run: skipped with the reason locally when it is
/// missing, a failure in CI (<see cref="CiEnvironment"/>), never a silent pass.
/// </summary>
internal static class SystemdAnalyze
{
    private static readonly string[] SearchPath = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':');

    /// <summary>The executable, or null when no directory on PATH has it.</summary>
    public static string? Executable { get; } = SearchPath
        .Select(directory => Path.Combine(directory, "systemd-analyze"))
        .FirstOrDefault(File.Exists);

    /// <summary>Null when the test should run (installed, or CI, where a missing tool must fail it).</summary>
    public static string? SkipReason() =>
        Executable is not null || CiEnvironment.IsCi
            ? null
            : "systemd-analyze is not installed (Debian package systemd): the unit file is not verified.";

    /// <summary>
    /// Every line `systemd-analyze verify` prints about <paramref name="unitPath"/>, plus its exit code when not 0.
    /// Lines about other units (dependencies of the system it runs on) are not the unit's business and are left out.
    /// </summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(string unitPath, CancellationToken ct)
    {
        var executable = Executable ?? throw new InvalidOperationException(
            "systemd-analyze is not installed but CI is set: this test must run in CI (apt-get install systemd).");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(unitPath)!,
        };
        info.ArgumentList.Add("verify");
        info.ArgumentList.Add(unitPath);
        info.Environment["SYSTEMD_LOG_COLOR"] = "0";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start systemd-analyze");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var unitName = Path.GetFileName(unitPath);
        var findings = (await stdout + await stderr)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(unitName, StringComparison.Ordinal))
            .ToList();
        if (process.ExitCode != 0)
        {
            findings.Add($"systemd-analyze verify exited {process.ExitCode}");
        }

        return findings;
    }
}

/// <summary>A fact that needs systemd-analyze.</summary>
internal sealed class SystemdAnalyzeFactAttribute : FactAttribute
{
    public SystemdAnalyzeFactAttribute() => Skip = SystemdAnalyze.SkipReason();
}
