using System.Text.Json;
using Keyturn.Core.Results;
using Keyturn.Providers.RestApi;

namespace Keyturn.Providers.Tests.RestApi;

public sealed class HttpTemplateTests
{
    private static readonly OutboundAllowList Allow = OutboundAllowList.Parse(["api.example.com"]);

    [Fact]
    public async Task Render_JsonBodyUrlAndHeader_EachEncodedForItsPlace()
    {
        var template = Parse(new
        {
            method = "PUT",
            url = "https://api.example.com/users/{{username}}/password?old={{oldPassword}}",
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{secret:API_TOKEN}}" },
            body = "{\"password\": \"{{newPassword}}\"}",
        }, out var errors)!;
        Assert.True(errors.IsEmpty, errors.Summary());

        var values = new TemplateValues("p\"w\\x/+", "o&ld", "a b", new Dictionary<string, string> { ["API_TOKEN"] = "tok" });
        using var message = template.Render(values).Value!;

        Assert.Equal(HttpMethod.Put, message.Method);
        Assert.Equal("https://api.example.com/users/a%20b/password?old=o%26ld", message.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer tok", message.Headers.Authorization!.ToString());
        Assert.Equal("application/json", message.Content!.Headers.ContentType!.MediaType);
        var body = JsonDocument.Parse(await message.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("p\"w\\x/+", body.GetProperty("password").GetString());
    }

    [Fact]
    public async Task Render_FormBody_UrlEncoded()
    {
        var template = Parse(new
        {
            url = "https://api.example.com/pw",
            headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            body = "user={{username}}&password={{newPassword}}",
        }, out _)!;

        using var message = template.Render(new TemplateValues("a&b=c", null, "u", new Dictionary<string, string>())).Value!;

        Assert.Equal("user=u&password=a%26b%3Dc", await message.Content!.ReadAsStringAsync());
        Assert.Equal("application/x-www-form-urlencoded", message.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Render_ValueWithCrLfInAHeader_RefusedBeforeSending()
    {
        var template = Parse(new { url = "https://api.example.com/pw", headers = new Dictionary<string, string> { ["X-Token"] = "{{secret:T}}" } }, out _)!;

        var rendered = template.Render(new TemplateValues("pw", null, null, new Dictionary<string, string> { ["T"] = "a\r\nX-Evil: 1" }));

        Assert.False(rendered.IsSuccess);
        Assert.DoesNotContain("X-Evil", rendered.Problem.Detail ?? "");
    }

    [Theory]
    [InlineData("{\"password\": {{newPassword}}}")]
    [InlineData("{\"password\": \"{{newPassword}}\"")]
    [InlineData("password={{newPassword}}")]
    public void Parse_BodyThatWouldNotBeJson_RefusedNamingBody(string body)
    {
        Assert.Null(Parse(new { url = "https://api.example.com/pw", body }, out var errors));
        Assert.Contains("request.body", errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("https://other.example.com/pw", "allow-list")]
    [InlineData("http://api.example.com/pw", "https")]
    [InlineData("https://{{username}}.example.com/pw", "path and query")]
    [InlineData("https://user@api.example.com/pw", "user info")]
    [InlineData("https://api.example.com:8443/pw", "allow-list")]
    public void Parse_UrlNotAllowed_RefusedNamingUrl(string url, string words)
    {
        Assert.Null(Parse(new { url }, out var errors));
        Assert.Contains(errors.ToDictionary()["request.url"], rule => rule.Contains(words));
    }

    [Fact]
    public void Parse_HeaderWithCrLfOrUnknownField_Refused()
    {
        Assert.Null(Parse(new { url = "https://api.example.com/pw", headers = new Dictionary<string, string> { ["X-A"] = "a\r\nb" }, extra = 1 }, out var errors));
        Assert.Contains("request.headers.X-A", errors.ToDictionary().Keys);
        Assert.Contains("request.extra", errors.ToDictionary().Keys);
    }

    private static HttpTemplate? Parse(object body, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        var element = JsonSerializer.SerializeToElement(body);
        return HttpTemplate.Parse(element, "request", isVerify: false, null, [200], Allow, errors);
    }
}
