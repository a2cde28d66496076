using Keyturn.Providers.Script;

namespace Keyturn.Providers.Tests.Script;

public sealed class ScriptInterpreterTests
{
    [Theory]
    [InlineData("bash")]
    [InlineData("python3", "-u")]
    [InlineData("bash", "--noprofile", "--norc")]
    public void IsAllowed_KnownInterpreterAndPlainFlags_True(params string[] argv) => Assert.True(ScriptInterpreter.IsAllowed(argv));

    [Theory]
    [InlineData("bash", "-c")]
    [InlineData("bash", "-c", "id")]
    [InlineData("node", "--eval=1")]
    [InlineData("python3", "-m")]
    [InlineData("rm", "-rf")]
    [InlineData("/bin/bash")]
    [InlineData("bash", "script.sh")]
    [InlineData("pwsh", "-Command")]
    public void IsAllowed_CodeValuesOrUnknownPrograms_False(params string[] argv) => Assert.False(ScriptInterpreter.IsAllowed(argv));

    [Fact]
    public void IsAllowed_Empty_False() => Assert.False(ScriptInterpreter.IsAllowed([]));
}
