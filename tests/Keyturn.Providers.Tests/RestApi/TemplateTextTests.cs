using Keyturn.Providers.RestApi;

namespace Keyturn.Providers.Tests.RestApi;

public sealed class TemplateTextTests
{
    private static readonly TemplateValues Values = new("new\"pw", "old pw", "svc", new Dictionary<string, string> { ["API_TOKEN"] = "tok" });

    [Fact]
    public void Render_EncodesEachValueWithTheGivenEncoder()
    {
        var template = TemplateText.Parse("u={{ username }}&n={{newPassword}}&o={{oldPassword}}&t={{secret:API_TOKEN}}", allowOldPassword: true, out _)!;

        Assert.Equal("u=svc&n=new%22pw&o=old%20pw&t=tok", template.Render(Values, Uri.EscapeDataString));
        Assert.Equal(["API_TOKEN"], template.SecretNames);
    }

    [Theory]
    [InlineData("{{password}}")]
    [InlineData("{{secret:}}")]
    [InlineData("{{secret:9bad}}")]
    [InlineData("a {{ b")]
    public void Parse_UnknownOrUnclosed_Refused(string text)
    {
        Assert.Null(TemplateText.Parse(text, allowOldPassword: true, out var rule));
        Assert.NotEmpty(rule);
    }

    [Fact]
    public void Parse_OldPasswordInAVerify_Refused() => Assert.Null(TemplateText.Parse("{{oldPassword}}", allowOldPassword: false, out _));
}
