using System.Net;

namespace Keyturn.Cli.Tests;

public sealed class ProblemDetailsReaderTests
{
    [Fact]
    public void Read_ProblemDetails_TakesTitleDetailAndErrors()
    {
        var problem = ProblemDetailsReader.Read(HttpStatusCode.Conflict, "Conflict", """
            {"title":"Rotation exists","status":409,"detail":"A rotation named graph-app already exists.","errors":{"name":["taken"]}}
            """);

        Assert.Equal("409 Rotation exists: A rotation named graph-app already exists.; name: taken", problem.ToOneLine());
    }

    [Fact]
    public void Read_StatusInBodyDiffers_BodyWins()
    {
        // A gateway may wrap the answer; the server's own status is the meaningful one.
        var problem = ProblemDetailsReader.Read(HttpStatusCode.BadGateway, "Bad Gateway", """{"title":"Forbidden","status":403}""");

        Assert.Equal("403 Forbidden", problem.ToOneLine());
    }

    [Fact]
    public void Read_InfisicalStyleError_UsesErrorAndMessage()
    {
        var problem = ProblemDetailsReader.Read(HttpStatusCode.Unauthorized, "Unauthorized", """
            {"reqId":"req-1","statusCode":401,"message":"Token expired","error":"UnauthorizedError"}
            """);

        Assert.Equal("401 UnauthorizedError: Token expired", problem.ToOneLine());
    }

    [Fact]
    public void Read_HtmlBody_UsesReasonPhraseAndOneLineText()
    {
        var problem = ProblemDetailsReader.Read(HttpStatusCode.BadGateway, "Bad Gateway", "<html>\n<body>upstream down</body>\n</html>");

        Assert.Equal("502 Bad Gateway: <html> <body>upstream down</body> </html>", problem.ToOneLine());
    }

    [Fact]
    public void Read_EmptyBodyNoReason_UsesStatusName()
    {
        var problem = ProblemDetailsReader.Read(HttpStatusCode.NotFound, null, "");

        Assert.Equal("404 NotFound", problem.ToOneLine());
    }

    [Fact]
    public void Read_ErrorValueNotArray_StillListed()
    {
        var problem = ProblemDetailsReader.Read(HttpStatusCode.BadRequest, "Bad Request", """{"title":"Invalid","errors":{"rotateAtUtc.hours":"must be 0-23"}}""");

        Assert.Equal("400 Invalid: rotateAtUtc.hours: must be 0-23", problem.ToOneLine());
    }

    [Fact]
    public void Read_LongText_Truncated()
    {
        var problem = ProblemDetailsReader.Read(HttpStatusCode.InternalServerError, "Internal Server Error", new string('x', 1000));

        // The first 300 characters of a non-JSON body, then an ellipsis.
        Assert.Equal($"500 Internal Server Error: {new string('x', 300)}…", problem.ToOneLine());
    }
}
