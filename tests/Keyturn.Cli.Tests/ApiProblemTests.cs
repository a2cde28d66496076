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

    [Fact]
    public void ToOneLine_FieldErrorRepeatingTheDetail_IsPrintedOnce()
    {
        // An older server put the provider's refusal both in the detail and under "credentials".
        const string refusal = "AADSTS7000215: Invalid client secret provided.";
        var problem = new ApiProblem(400, "The connection's credentials do not work", refusal, [new("credentials", [refusal])]);

        Assert.Equal($"400 The connection's credentials do not work: {refusal}", problem.ToOneLine());
    }
}
