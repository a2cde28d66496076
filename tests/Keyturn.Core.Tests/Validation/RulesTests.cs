using Keyturn.Core.Validation;

namespace Keyturn.Core.Tests.Validation;

public sealed class RulesTests
{
    [Theory]
    [InlineData("my-azure-rotation", true)]
    [InlineData("a", true)]
    [InlineData("abcdefghijabcdefghijabcdefghij12", true)]
    [InlineData("abcdefghijabcdefghijabcdefghij123", false)]
    [InlineData("My-Rotation", false)]
    [InlineData("my_rotation", false)]
    [InlineData("", false)]
    public void IsRotationName_Cases(string name, bool expected) => Assert.Equal(expected, Rules.IsRotationName(name));

    [Theory]
    [InlineData("AZURE_CLIENT_SECRET", true)]
    [InlineData("_x.y-z", true)]
    [InlineData("1ABC", false)]
    [InlineData("A B", false)]
    [InlineData("", false)]
    public void IsSecretKey_Cases(string key, bool expected) => Assert.Equal(expected, Rules.IsSecretKey(key));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a/b/", "/a/b")]
    [InlineData("/a_1/b-2", "/a_1/b-2")]
    [InlineData("a/b", null)]
    [InlineData("/a//b", null)]
    [InlineData("/../x", null)]
    public void NormalizeSecretPath_Cases(string path, string? expected) => Assert.Equal(expected, Rules.NormalizeSecretPath(path));

    [Theory]
    [InlineData("My App!", "my-app")]
    [InlineData("!!!", "project")]
    public void SlugFrom_Cases(string name, string expected) => Assert.Equal(expected, Rules.SlugFrom(name));
}
