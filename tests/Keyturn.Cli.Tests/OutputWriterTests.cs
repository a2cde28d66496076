namespace Keyturn.Cli.Tests;

public sealed class OutputWriterTests
{
    [Fact]
    public void Write_Json_PrintsBodyIndentedAndSkipsTable()
    {
        using var stdout = new StringWriter();
        var writer = new OutputWriter(Context(stdout, interactive: true), OutputFormat.Json);
        var tableCalled = false;

        writer.Write(new ApiResponse(System.Net.HttpStatusCode.OK, "OK", """{"a":{"b":"<x>"}}"""), _ => tableCalled = true);

        Assert.False(tableCalled);
        Assert.Equal("{\n  \"a\": {\n    \"b\": \"<x>\"\n  }\n}", stdout.ToString().TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_JsonEmptyBody_PrintsNothing()
    {
        using var stdout = new StringWriter();
        var writer = new OutputWriter(Context(stdout, interactive: false), OutputFormat.Json);

        writer.Write(new ApiResponse(System.Net.HttpStatusCode.NoContent, "No Content", ""), _ => { });

        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void WriteTable_Redirected_PlainWithoutBoxCharacters()
    {
        using var stdout = new StringWriter();

        new OutputWriter(Context(stdout, interactive: false), OutputFormat.Table).WriteTable(["KEY"], [["[red]x[/]"]]);

        Assert.Equal(["KEY", "[red]x[/]"], stdout.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void WriteTable_Interactive_DrawsSpectreTableWithLiteralText()
    {
        using var stdout = new StringWriter();

        new OutputWriter(Context(stdout, interactive: true), OutputFormat.Table).WriteTable(["KEY"], [["[red]x[/]"]]);

        Assert.Contains("╭", stdout.ToString());
        Assert.Contains("[red]x[/]", stdout.ToString());
    }

    private static CliContext Context(TextWriter stdout, bool interactive) =>
        new(stdout, TextWriter.Null, TextReader.Null, _ => null, interactive);
}
