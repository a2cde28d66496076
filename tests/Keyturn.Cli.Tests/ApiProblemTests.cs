namespace Keyturn.Cli.Tests;

public sealed class ApiProblemTests
{
    [Fact]
    public void ToOneLine_MultiLineDetail_JoinedWithSpaces()
    {
        var problem = new ApiProblem(500, "Rotation failed", "Graph said:\r\n  403 Forbidden\n", []);

        Assert.Equal("500 Rotation failed: Graph said: 403 Forbidden", problem.ToOneLine());
    }

    [Fact]
    public void ToOneLine_ErrorWithoutField_PrintsMessageAlone()
    {
        var problem = new ApiProblem(400, "Invalid", null, [new("", ["body is required"])]);

        Assert.Equal("400 Invalid: body is required", problem.ToOneLine());
    }
}
