using System.Runtime.Versioning;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// deploy/keyturn.service passes `systemd-analyze verify` with nothing to report, and docs/deploy.md shows it exactly.
/// verify insists that ExecStart's program exists and is executable, so the test verifies a copy whose ExecStart names
/// the `keyturn` built with these tests instead of /usr/local/bin/keyturn; every other line is the shipped one.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DeployUnitTests : IDisposable
{
    private const string InstalledBinary = "/usr/local/bin/keyturn";
    private static readonly TimeSpan VerifyBound = TimeSpan.FromMinutes(1); // a hang guard, not a performance check

    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-deploy-unit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SystemdAnalyzeFact]
    public async Task Verify_TheShippedUnit_ReportsNothing()
    {
        var findings = await VerifyAsync(UnitWithBuiltBinary(ShippedUnit()));

        Assert.True(findings.Count == 0, "systemd-analyze verify deploy/keyturn.service:\n" + string.Join('\n', findings));
    }

    // The check above can fail: a misspelt key is only a warning (exit code 0), and it is reported.
    [SystemdAnalyzeFact]
    public async Task Verify_AUnitWithAMisspeltKey_ReportsIt()
    {
        var unit = ShippedUnit().Replace("ProtectSystem=strict\n", "ProtectSytem=strict\n", StringComparison.Ordinal);

        var findings = await VerifyAsync(UnitWithBuiltBinary(unit));

        Assert.Contains(findings, line => line.Contains("ProtectSytem", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedUnit_StartsTheInstalledBinaryAsServer()
    {
        var execStarts = ShippedUnit().Split('\n').Where(line => line.StartsWith("ExecStart=", StringComparison.Ordinal)).ToList();

        Assert.Equal([$"ExecStart={InstalledBinary} server"], execStarts);
    }

    // systemd kills the server TimeoutStopSec after SIGTERM: below the server's own drain bound it would SIGKILL a
    // server still letting rotation attempts reach their journal boundary.
    [Fact]
    public void ShippedUnit_StopTimeout_LeavesTheServerItsShutdownTimeoutAndAMargin()
    {
        var stop = ShippedUnit().Split('\n').Single(line => line.StartsWith("TimeoutStopSec=", StringComparison.Ordinal));
        var seconds = int.Parse(stop["TimeoutStopSec=".Length..], System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(seconds >= Keyturn.Server.Hosting.KeyturnServerOptions.DefaultShutdownSeconds + 10,
            $"{stop} must exceed the server's default --shutdown-timeout ({Keyturn.Server.Hosting.KeyturnServerOptions.DefaultShutdownSeconds} s) by at least 10 s");
    }

    [Fact]
    public void DeployDoc_ShowsTheUnitFileExactly()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "deploy.md")).ReplaceLineEndings("\n");

        Assert.True(doc.Contains("```ini\n" + ShippedUnit() + "```\n", StringComparison.Ordinal),
            "docs/deploy.md must show deploy/keyturn.service exactly, in an ```ini block: copy the file's content into it.");
    }

    private async Task<IReadOnlyList<string>> VerifyAsync(string unit)
    {
        var path = Path.Combine(_directory, "keyturn.service");
        await File.WriteAllTextAsync(path, unit);
        using var timeout = new CancellationTokenSource(VerifyBound);
        return await SystemdAnalyze.VerifyAsync(path, timeout.Token);
    }

    private static string UnitWithBuiltBinary(string unit)
    {
        // The apphost next to keyturn.dll in this test's output folder (the CLI project is referenced).
        var built = Path.Combine(AppContext.BaseDirectory, "keyturn");
        Assert.True(File.Exists(built), $"no built keyturn at {built}");
        return unit.Replace($"ExecStart={InstalledBinary} ", $"ExecStart={built} ", StringComparison.Ordinal);
    }

    private static string ShippedUnit() =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "keyturn.service")).ReplaceLineEndings("\n");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Keyturn.slnx")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Keyturn.slnx not found above the test's folder.");
        }

        return directory.FullName;
    }
}
