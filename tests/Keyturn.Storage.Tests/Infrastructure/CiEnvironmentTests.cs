using Keyturn.Tests.Shared;

namespace Keyturn.Storage.Tests.Infrastructure;

public sealed class CiEnvironmentTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("True")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("Yes")]
    [InlineData("on")]
    [InlineData("ON")]
    [InlineData(" true\n")]
    public void IsTruthy_TruthyValue_IsTrue(string value) => Assert.True(CiEnvironment.IsTruthy(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("no")]
    [InlineData("off")]
    [InlineData("2")]
    [InlineData("truthy")]
    [InlineData("y")]
    public void IsTruthy_OtherValue_IsFalse(string? value) => Assert.False(CiEnvironment.IsTruthy(value));

    [Theory]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void IsCiIn_Variables_ReadsTheCiVariable(string? ci, bool expected)
    {
        var read = new List<string>();

        var isCi = CiEnvironment.IsCiIn(name =>
        {
            read.Add(name);
            return name == "CI" ? ci : "true";
        });

        Assert.Equal(expected, isCi);
        Assert.Equal(["CI"], read);
    }
}
