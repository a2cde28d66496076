using Keyturn.Bench.Report;

namespace Keyturn.Bench.Tests;

public sealed class MarkdownReportTests
{
    private static readonly MachineFacts Machine = new([("Cores (logical)", "2"), (".NET", "10.0")]);

    [Fact]
    public void Render_MissedTarget_IsListedAsNoInTheTargetsTable()
    {
        var section = new SectionReport("Reads", "How.", [], [new TargetResult("p99 at 16", "7.00 ms", "under 5 ms", false), new TargetResult("share at 64", "70.0 %", "at least 60 %", true)], []);

        var markdown = MarkdownReport.Render(Machine, [section], null, quick: false, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));

        Assert.Contains("| p99 at 16 | 7.00 ms | under 5 ms | **no** |", markdown);
        Assert.Contains("| share at 64 | 70.0 % | at least 60 % | yes |", markdown);
        Assert.Contains("| Cores (logical) | 2 |", markdown);
        Assert.DoesNotContain("Quick run", markdown);
    }

    [Fact]
    public void Render_CellWithPipe_IsEscapedSoTheTableKeepsItsColumns()
    {
        var table = new ReportTable(null, ["A", "B"], [["x|y", "z"]]);
        var section = new SectionReport("S", "M", [table], [], ["a note"]);

        var markdown = MarkdownReport.Render(Machine, [section], "## Analysis\n\ntext", quick: true, DateTimeOffset.UnixEpoch, TimeSpan.Zero);

        Assert.Contains("| x\\|y | z |", markdown);
        Assert.Contains("- a note", markdown);
        Assert.Contains("Quick run", markdown);
        Assert.EndsWith("## Analysis\n\ntext\n\n", markdown.ReplaceLineEndings("\n"));
    }
}
