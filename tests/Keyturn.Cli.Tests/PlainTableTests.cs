namespace Keyturn.Cli.Tests;

public sealed class PlainTableTests
{
    [Fact]
    public void Write_Rows_AlignsColumnsAndUppercasesHeaders()
    {
        using var writer = new StringWriter();

        PlainTable.Write(writer, ["id", "name"], [["1", "alpha"], ["1234", "b"]]);

        Assert.Equal(["ID    NAME", "1     alpha", "1234  b"], writer.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void Write_EmptyAndMultiLineCells_KeepOneLinePerRowAndColumnCount()
    {
        using var writer = new StringWriter();

        PlainTable.Write(writer, ["a", "b", "c"], [["", "two\nlines", "x"]]);

        Assert.Equal("-  two lines  x", writer.ToString().TrimEnd().Split(Environment.NewLine)[1]);
    }
}
