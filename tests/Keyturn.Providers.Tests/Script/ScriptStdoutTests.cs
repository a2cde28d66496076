using Keyturn.Providers.Script;

namespace Keyturn.Providers.Tests.Script;

public sealed class ScriptStdoutTests
{
    [Fact]
    public void LastObject_LogLinesThenObject_StringFieldsOfTheLastObject()
    {
        var outputs = ScriptStdout.LastObject("starting {not json}\n{\"a\": \"1\"}\nrotated\n{\"token\": \"t-2\", \"count\": 3, \"nested\": {\"x\": \"y\"}}\n");

        Assert.NotNull(outputs);
        Assert.Equal("t-2", outputs["token"]);
        Assert.False(outputs.ContainsKey("count"));
        Assert.False(outputs.ContainsKey("nested"));
        Assert.False(outputs.ContainsKey("a"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("done\n")]
    [InlineData("{\"a\": \"1\"}\ndone\n")]
    [InlineData("[\"a\"]")]
    public void LastObject_NoObjectAtTheEnd_Null(string stdout) => Assert.Null(ScriptStdout.LastObject(stdout));
}
