using Keyturn.Providers.Script;

namespace Keyturn.Providers.Tests.Script;

public sealed class ScriptsDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("keyturn-scripts-").FullName;

    public ScriptsDirectoryTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "scripts", "sub"));
        File.WriteAllText(Path.Combine(_root, "scripts", "ok.sh"), "");
        File.WriteAllText(Path.Combine(_root, "scripts", "sub", "nested.sh"), "");
        File.WriteAllText(Path.Combine(_root, "outside.sh"), "");
    }

    private ScriptsDirectory Scripts => new(Path.Combine(_root, "scripts"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("ok.sh")]
    [InlineData("sub/nested.sh")]
    [InlineData("sub/../ok.sh")]
    public void Resolve_FileInside_ReturnsItsRealPath(string name)
    {
        Assert.Equal(Path.GetFullPath(Path.Combine(_root, "scripts", name)), Scripts.Resolve(name, out _));
    }

    [Theory]
    [InlineData("../outside.sh", "outside")]
    [InlineData("/etc/passwd", "relative")]
    [InlineData("missing.sh", "existing file")]
    [InlineData("sub", "existing file")]
    public void Resolve_NotAFileInside_IsRefusedWithTheRule(string name, string ruleWords)
    {
        Assert.Null(Scripts.Resolve(name, out var rule));
        Assert.Contains(ruleWords, rule);
    }

    [Fact]
    public void Resolve_SymlinkLeavingTheDirectory_IsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "scripts", "link.sh"), Path.Combine(_root, "outside.sh"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "scripts", "up"), _root);

        Assert.Null(Scripts.Resolve("link.sh", out var rule));
        Assert.Contains("symlinks", rule);
        Assert.Null(Scripts.Resolve("up/outside.sh", out _));
    }

    [Fact]
    public void Resolve_SymlinkStayingInside_IsAllowed()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "scripts", "alias.sh"), Path.Combine(_root, "scripts", "ok.sh"));

        Assert.Equal(Path.Combine(_root, "scripts", "ok.sh"), Scripts.Resolve("alias.sh", out _));
    }

    [Fact]
    public void Resolve_DirectoryMissing_SaysSo()
    {
        Assert.Null(new ScriptsDirectory(Path.Combine(_root, "none")).Resolve("ok.sh", out var rule));
        Assert.Contains("does not exist", rule);
    }
}
