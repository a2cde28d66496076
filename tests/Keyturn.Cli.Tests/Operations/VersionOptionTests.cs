using System.Xml.Linq;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// `keyturn --version`, run as the built program, prints the version set in Directory.Build.props (the one place it is
/// set, which the tool package takes too: .ci/tool-install-check.sh checks the installed tool prints it), then +commit.
/// A process, not CliApp in this one: System.CommandLine prints the entry assembly's version, here the test host's.
/// </summary>
public sealed class VersionOptionTests
{
    [Fact]
    public async Task Version_PrintsTheVersionFromDirectoryBuildProps()
    {
        var (exitCode, lines) = await OperationsServer.RunAsync(null, "--version");

        Assert.True(exitCode == 0, string.Join('\n', lines));
        var printed = Assert.Single(lines).Trim();
        var version = ConfiguredVersion();
        Assert.True(printed == version || printed.StartsWith(version + "+", StringComparison.Ordinal),
            $"keyturn --version printed '{printed}', Directory.Build.props says {version}");
    }

    private static string ConfiguredVersion()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Directory.Build.props not found above the test's folder.");
        }

        var props = XDocument.Load(Path.Combine(directory.FullName, "Directory.Build.props"));
        return props.Descendants("VersionPrefix").Single().Value.Trim();
    }
}
