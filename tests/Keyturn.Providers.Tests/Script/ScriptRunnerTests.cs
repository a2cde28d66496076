using Keyturn.Providers.Script;

namespace Keyturn.Providers.Tests.Script;

/// <summary>Real child processes through bash.</summary>
public sealed class ScriptRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-runner-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RunAsync_CleanEnvironmentAndStdinLine()
    {
        var script = Write("env.sh", "IFS= read -r line\necho \"line=$line\"\nenv | sort\n");
        Environment.SetEnvironmentVariable("KEYTURN_TEST_LEAK", "leaked");

        var run = await new ScriptRunner().RunAsync(["bash", script], _directory, new Dictionary<string, string> { ["KEYTURN_ACTION"] = "rotate" },
            "the-line", [], TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("line=the-line", run.Stdout);
        Assert.Contains("KEYTURN_ACTION=rotate", run.Stdout);
        Assert.DoesNotContain("KEYTURN_TEST_LEAK", run.Stdout);
        var names = run.Stdout.Split('\n').Where(l => l.Contains('=') && !l.StartsWith("line=", StringComparison.Ordinal)).Select(l => l[..l.IndexOf('=')]).ToHashSet();
        Assert.Subset(new HashSet<string> { "PATH", "HOME", "LANG", "KEYTURN_ACTION", "PWD", "SHLVL", "_", "OLDPWD" }, names);
    }

    [Fact]
    public async Task RunAsync_Failure_StderrScrubbedAndCutToTheLast4KB()
    {
        var script = Write("fail.sh", "head -c 10000 /dev/zero | tr '\\0' x >&2\necho \"secret=s3cr3t-value line=$(cat)\" >&2\nexit 4\n");

        var run = await new ScriptRunner().RunAsync(["bash", script], _directory, new Dictionary<string, string>(), "stdin-line", ["s3cr3t-value"],
            TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(ScriptRunner.StderrTailChars, run.StderrTail.Length);
        Assert.EndsWith("secret=[redacted] line=[redacted]\n", run.StderrTail);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsTheWholeGroup()
    {
        var pids = Path.Combine(_directory, "pids");
        var script = Write("hang.sh", $"sleep 300 &\necho $! > '{pids}'\n(sleep 300; true) &\necho $! >> '{pids}'\necho $$ >> '{pids}'\nsleep 300\n");

        var run = await new ScriptRunner().RunAsync(["bash", script], _directory, new Dictionary<string, string>(), "", [], TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(run.TimedOut);
        var started = File.ReadAllLines(pids).Select(int.Parse).ToList();
        Assert.Equal(3, started.Count);
        for (var i = 0; i < 100 && !started.All(Gone); i++)
        {
            await Task.Delay(50);
        }

        Assert.All(started, pid => Assert.True(Gone(pid), $"process {pid} outlived the timeout"));
    }

    [Fact]
    public async Task RunAsync_BackgroundChildAfterSuccess_IsKilledToo()
    {
        var pids = Path.Combine(_directory, "pids");
        var script = Write("leave.sh", $"sleep 300 &\necho $! > '{pids}'\necho '{{\"a\": \"b\"}}'\n");

        var run = await new ScriptRunner().RunAsync(["bash", script], _directory, new Dictionary<string, string>(), "", [], TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("{\"a\": \"b\"}", run.Stdout);
        var pid = int.Parse(File.ReadAllText(pids).Trim());
        for (var i = 0; i < 100 && !Gone(pid); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(Gone(pid), "a process the script left behind must not outlive the run");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static bool Gone(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        return !File.Exists(stat) || File.ReadAllText(stat).Split(") ").Last().StartsWith('Z');
    }
}
