namespace Keyturn.Server.Tests.Logging;

/// <summary>
/// The log check is only suite-wide if every test server has it: a test file that starts a Keyturn server in process
/// must give it options that went through WithLogLeakCheck, and a harness that starts `keyturn server` as a process
/// must check that process's output.
/// </summary>
public sealed class EveryTestServerCheckedTests
{
    [Fact]
    public void TestSources_EveryInProcessServerStart_HasTheLogCheck()
    {
        var starts = TestSources().Where(f => File.ReadAllText(f).Contains("KeyturnServerHost.StartAsync(", StringComparison.Ordinal)).ToList();

        Assert.True(starts.Count >= 7, $"only {starts.Count} files start a server: is the search looking in the right place?");
        Assert.All(starts, file => Assert.True(File.ReadAllText(file).Contains(".WithLogLeakCheck()", StringComparison.Ordinal),
            $"{file} starts a Keyturn server without .WithLogLeakCheck() on its options"));
    }

    [Fact]
    public void TestSources_EveryServerProcessStart_ChecksItsOutput()
    {
        var starts = TestSources().Where(f => File.ReadAllText(f).Contains("\"server\", \"--data-dir\"", StringComparison.Ordinal)).ToList();

        Assert.True(starts.Count >= 3, $"only {starts.Count} files start a server process: is the search looking in the right place?");
        Assert.All(starts, file => Assert.True(File.ReadAllText(file).Contains("LogLeakCheck.FindInOutput(", StringComparison.Ordinal),
            $"{file} starts `keyturn server` as a process without checking its output for secrets"));
    }

    private static IEnumerable<string> TestSources()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Keyturn.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Directory.EnumerateFiles(Path.Combine(directory.FullName, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith("EveryTestServerCheckedTests.cs", StringComparison.Ordinal));
    }
}
