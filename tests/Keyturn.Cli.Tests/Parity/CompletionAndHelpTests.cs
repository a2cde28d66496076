using System.Diagnostics;
using Keyturn.Cli.Host;

namespace Keyturn.Cli.Tests.Parity;

/// <summary>`keyturn completion` scripts run in a real bash; `keyturn server --help` lists the server's options only.</summary>
public sealed class CompletionAndHelpTests
{
    [Fact]
    public async Task BashScript_IsValidBash()
    {
        var script = await ScriptAsync("bash");

        var check = await BashAsync("bash -n \"$KEYTURN_SCRIPT\"", script);

        Assert.True(check.ExitCode == 0, check.Error);
    }

    [Theory]
    [InlineData("keyturn secret de", "delete")]
    [InlineData("keyturn st", "status")]
    [InlineData("keyturn identity client-secret cr", "create")]
    [InlineData("keyturn project list -o ", "json table")]
    [InlineData("keyturn completion ", "--help -h bash fish zsh")]
    [InlineData("keyturn server --data", "--data-dir")]
    public async Task BashScript_CompletesTheWordBeingTyped(string line, string expected)
    {
        var script = await ScriptAsync("bash");
        // COMP_WORDS as bash fills it: the words so far, the last one (possibly empty) being completed.
        var words = line.Split(' ');
        var array = string.Join(' ', words.Select(w => $"'{w}'"));

        var run = await BashAsync($"source \"$KEYTURN_SCRIPT\"; COMP_WORDS=({array}); COMP_CWORD={words.Length - 1}; _keyturn; echo \"${{COMPREPLY[*]}}\"", script);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(expected, string.Join(' ', run.Out.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("zsh")]
    [InlineData("fish")]
    public async Task OtherShells_NameEveryCommandPath(string shell)
    {
        var script = await ScriptAsync(shell);

        Assert.Contains("keyturn secret delete", script);
        Assert.Contains("keyturn identity client-secret", script);
        Assert.Contains("keyturn server", script);
    }

    [Fact]
    public async Task UnknownShell_IsAUsageError()
    {
        var result = await CliRun.RunAsync(["completion", "powershell"], new Dictionary<string, string>());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("powershell", result.Error);
    }

    [Fact]
    public async Task ServerHelp_ShowsOnlyServerOptions()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["server", "--help"], HostCommands.All(), stdout, stderr, CancellationToken.None);

        Assert.Equal(0, exit);
        var help = stdout.ToString();
        Assert.Contains("--data-dir", help);
        Assert.DoesNotContain("--addr", help);
        Assert.DoesNotContain("--token", help);
        Assert.DoesNotContain("--output", help);
    }

    [Fact]
    public async Task ClientOptions_AreStillAcceptedOnEveryApiCommand()
    {
        var errors = CliRun.ParseErrors("project list --addr http://127.0.0.1:1 --token t -o json");
        var nested = CliRun.ParseErrors("identity client-secret list 00000000-0000-0000-0000-000000000001 -o json");
        var before = CliRun.ParseErrors("-o json --addr http://127.0.0.1:1 status");

        Assert.Empty(errors);
        Assert.Empty(nested);
        Assert.Empty(before);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ClientOptions_AfterTheCommand_WinOverTheSameBeforeIt()
    {
        // Nothing listens on port 1; the error names the address the command used.
        var result = await CliRun.RunAsync(["--addr", "http://127.0.0.1:2", "status", "--addr", "http://127.0.0.1:1"], new Dictionary<string, string> { ["KEYTURN_TOKEN"] = "t" });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: cannot reach http://127.0.0.1:1:", result.Error);
    }

    // The script of the full tree, host commands included, as `keyturn completion` prints it from the real executable.
    private static async Task<string> ScriptAsync(string shell)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["completion", shell], HostCommands.All(), stdout, stderr, CancellationToken.None);
        Assert.True(exit == 0, stderr.ToString());
        return stdout.ToString();
    }

    private static async Task<(int ExitCode, string Out, string Error)> BashAsync(string command, string script)
    {
        var file = Path.Combine(Path.GetTempPath(), $"keyturn-completion-{Guid.NewGuid():N}.bash");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["KEYTURN_SCRIPT"] = file;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, (await output).Trim(), await error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
