using System.Text.Json;
using Keyturn.Core.Providers;
using Keyturn.Core.Results;
using Keyturn.Providers.RestApi;
using Keyturn.Tests.Shared;

namespace Keyturn.Providers.Tests.RestApi;

/// <summary>The provider against a real HTTPS service on 127.0.0.1: how each kind of answer becomes a result.</summary>
public sealed class RestApiProviderTests : IAsyncLifetime
{
    private PasswordApi _api = null!;

    public async Task InitializeAsync() => _api = await PasswordApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Issue_ThenVerify_SetsThePasswordAndProvesIt()
    {
        using var http = Http(trusted: true);
        var (provider, context) = Rotation(http, "/users/{{username}}/password");

        var issued = await provider.IssueAsync(Request(context, "Pw-1+&\"x"), CancellationToken.None);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.True(_api.Accepts("Pw-1+&\"x"));
        Assert.Equal(PasswordApi.User, issued.Value.Values["username"]);
        Assert.Equal(Verification.Proven, (await provider.VerifyAsync(new VerifyRequest(context, issued.Value), CancellationToken.None)).Value);
        var wrong = await provider.VerifyAsync(new VerifyRequest(context, provider.CredentialFor(context, 0, "other")), CancellationToken.None);
        Assert.False(wrong.IsSuccess);
        Assert.StartsWith("HTTP 401 Unauthorized", wrong.Error.Message);
    }

    [Fact]
    public async Task Issue_Redirect_NotFollowedAndNotTransient()
    {
        using var http = Http(trusted: true);
        var (provider, context) = Rotation(http, "/moved");

        var issued = await provider.IssueAsync(Request(context, "pw"), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.False(issued.Error.Transient);
        Assert.Contains("redirects are not followed", issued.Error.Message);
        Assert.Equal(1, _api.Requests);
    }

    [Fact]
    public async Task Issue_PasswordInThePathRefused_MessageNamesNoValue()
    {
        using var http = Http(trusted: true);
        var (provider, context) = Rotation(http, "/missing/{{newPassword}}");

        var issued = await provider.IssueAsync(Request(context, "Pw+1/x"), CancellationToken.None);

        Assert.StartsWith("HTTP 404", issued.Error!.Message);
        Assert.Contains("/missing/[redacted]", issued.Error.Message);
        Assert.DoesNotContain("Pw", issued.Error.Message);
    }

    [Fact]
    public async Task Issue_ServiceUnavailable_TransientWithItsRetryAfter()
    {
        using var http = Http(trusted: true);
        var (provider, context) = Rotation(http, "/busy");

        var issued = await provider.IssueAsync(Request(context, "pw"), CancellationToken.None);

        Assert.True(issued.Error!.Transient);
        Assert.Equal(TimeSpan.FromSeconds(7), issued.Error.RetryAfter);
    }

    [Fact]
    public async Task Issue_CaNotTrusted_TlsRefusedAndNothingChanged()
    {
        using var http = Http(trusted: false);
        var (provider, context) = Rotation(http, "/users/{{username}}/password");

        var issued = await provider.IssueAsync(Request(context, "pw"), CancellationToken.None);

        Assert.False(issued.IsSuccess);
        Assert.Contains("Nothing was sent", issued.Error.Message);
        Assert.Null(_api.Password);
    }

    [Fact]
    public async Task Issue_SecretMissing_SendsNothing()
    {
        using var http = Http(trusted: true);
        var (provider, context) = Rotation(http, "/users/{{username}}/password");

        var issued = await provider.IssueAsync(Request(context with { Secrets = NoSiblingSecrets.Instance }, "pw"), CancellationToken.None);

        Assert.Contains("{{secret:API_TOKEN}} names a secret that does not exist", issued.Error!.Message);
        Assert.Equal(0, _api.Requests);
    }

    private OutboundHttp Http(bool trusted) =>
        new(OutboundAllowList.Parse([$"127.0.0.1:{_api.Port}"]), trusted ? [_api.Ca] : null);

    private (RestApiProvider Provider, ProviderContext Context) Rotation(OutboundHttp http, string path)
    {
        var provider = new RestApiProvider(http);
        var parameters = JsonSerializer.SerializeToElement(new
        {
            username = PasswordApi.User,
            request = new
            {
                url = $"{_api.BaseUrl}{path}",
                headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{secret:API_TOKEN}}" },
                body = "{\"password\": \"{{newPassword}}\"}",
            },
            verify = new { url = $"{_api.BaseUrl}/login", body = "{\"username\": \"{{username}}\", \"password\": \"{{newPassword}}\"}" },
        });
        var errors = new ValidationErrors();
        var typed = provider.ParseParameters(parameters, errors) ?? throw new InvalidOperationException(errors.Summary());
        var connection = new ConnectionSecret(Guid.NewGuid(), "local", "none", JsonDocument.Parse("{}").RootElement, JsonDocument.Parse("{}").RootElement);
        return (provider, new ProviderContext(connection, typed, Guid.NewGuid()) { Secrets = new Token(_api.AdminToken) });
    }

    private static IssueRequest Request(ProviderContext context, string password) =>
        new(context, Guid.NewGuid(), 0, "label", null) { GeneratedSecret = password };

    private sealed class Token(string value) : ISiblingSecrets
    {
        public Task<SiblingSecret?> ReadAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult<SiblingSecret?>(name == "API_TOKEN" ? new SiblingSecret(Guid.NewGuid(), name, value) : null);
    }
}
