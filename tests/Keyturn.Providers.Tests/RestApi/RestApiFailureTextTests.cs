using Keyturn.Providers.RestApi;

namespace Keyturn.Providers.Tests.RestApi;

public sealed class RestApiFailureTextTests
{
    private const string Where = "POST https://api.example/users/alex/password";

    [Fact]
    public void Answered_StatusFirst_ThenBodyThenWhere()
    {
        Assert.Equal($"HTTP 401 Unauthorized: {{\"error\":\"invalid token\"}} ({Where})",
            RestApiFailureText.Answered(401, "Unauthorized", "{\"error\":\"invalid token\"}", Where));
    }

    [Fact]
    public void Answered_BodyOnlyRepeatingTheReason_SaidOnce()
    {
        Assert.Equal($"HTTP 403 Forbidden ({Where})", RestApiFailureText.Answered(403, "Forbidden", "Forbidden", Where));
    }

    [Fact]
    public void Answered_EmptyBodyAndNoReason_StatusAndWhere()
    {
        Assert.Equal($"HTTP 418 ({Where})", RestApiFailureText.Answered(418, null, "", Where));
    }

    [Fact]
    public void Answered_Redirect_SaysRedirectsAreNotFollowed()
    {
        Assert.Equal($"HTTP 302 Found ({Where}; redirects are not followed)", RestApiFailureText.Answered(302, "Found", "", Where));
    }
}
