namespace Keyturn.Cli.Tests;

public sealed class StdinValueTests
{
    [Theory]
    [InlineData("s3cret\n", "s3cret")]
    [InlineData("s3cret\r\n", "s3cret")]
    [InlineData("s3cret", "s3cret")]
    [InlineData("a\n\n", "a\n")]
    public void Read_TrailingNewline_RemovedOnce(string stdin, string expected)
    {
        Assert.Equal(expected, StdinValue.Read(new StringReader(stdin), "--value-stdin"));
    }

    [Fact]
    public void Read_Empty_IsUsageErrorNamingFlag()
    {
        var ex = Assert.Throws<UsageException>(() => StdinValue.Read(new StringReader("\n"), "--value-stdin"));

        Assert.Equal("--value-stdin: nothing was read from stdin", ex.Message);
    }
}
