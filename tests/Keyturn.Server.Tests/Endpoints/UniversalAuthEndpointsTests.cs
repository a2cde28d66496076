using System.Net;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// Universal-auth login and token revocation against a real server whose clock is a <see cref="FakeTimeProvider"/>, and
/// that an identity's token does not reach the identity routes (API tokens only).
/// </summary>
public sealed class UniversalAuthEndpointsTests : IAsyncLifetime
{
    private const string Login = "/api/v1/auth/universal-auth/login";
    private const string Revoke = "/api/v1/auth/token/revoke";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private TestServer? _server;

    private ApiClient Api => _server!.Api;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(timeProvider: _clock);

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task Login_RightSecret_ReturnsInfisicalShapedBearerToken()
    {
        var (_, clientId, secret) = await IdentityWithSecretAsync(ttl: 600);

        var body = (await Api.SendAsync(HttpMethod.Post, Login, new { clientId, clientSecret = secret, extra = "ignored" }, noToken: true))
            .ShouldBe(HttpStatusCode.OK).Body;

        Assert.StartsWith("kt_", body["accessToken"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(600, body["expiresIn"]!.GetValue<int>());
        Assert.Equal(2_592_000, body["accessTokenMaxTTL"]!.GetValue<int>());
        Assert.Equal("Bearer", body["tokenType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_EveryRefusal_Is401WithTheSameDetail()
    {
        var (identityId, clientId, secret) = await IdentityWithSecretAsync();
        var expiring = (await Api.PostAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets", new { ttlSeconds = 60 })).Body["clientSecret"]!.GetValue<string>();
        var elsewhere = (await Api.PostAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets", new { trustedIps = new[] { "192.0.2.0/24" } })).Body["clientSecret"]!.GetValue<string>();
        _clock.Advance(TimeSpan.FromSeconds(61));

        var refusals = new[]
        {
            await LoginAsync(clientId, secret + "x"),
            await LoginAsync(Guid.NewGuid().ToString(), secret),
            await LoginAsync(clientId, expiring),
            await LoginAsync(clientId, elsewhere),
        };

        Assert.All(refusals, r => r.ShouldBe(HttpStatusCode.Unauthorized));
        Assert.Single(refusals.Select(r => r.Body["detail"]!.GetValue<string>()).Distinct());
        Assert.All(refusals, r => Assert.DoesNotContain(secret, r.Text, StringComparison.Ordinal));
        (await LoginAsync(clientId, secret)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_TrustedLoopback_IsAccepted()
    {
        var (identityId, clientId, _) = await IdentityWithSecretAsync();
        var loopback = (await Api.PostAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets", new { trustedIps = new[] { "127.0.0.0/8", "::1" } })).Body["clientSecret"]!.GetValue<string>();

        (await LoginAsync(clientId, loopback)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"clientSecret":"x"}""", "clientId")]
    [InlineData("""{"clientId":"not-a-guid","clientSecret":"x"}""", "clientId")]
    [InlineData("""{"clientId":"6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"}""", "clientSecret")]
    public async Task Login_MalformedBody_Is400NamingTheField(string body, string field)
    {
        var response = await Api.SendRawAsync(HttpMethod.Post, Login, body);

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor(field));
    }

    [Fact]
    public async Task IdentityToken_IdentityAndAuditRoutes_Are403()
    {
        var token = await LoginTokenAsync();

        foreach (var path in new[] { "/api/v1/identities", "/api/v1/audit-logs", "/api/v1/audit-logs/chain" })
        {
            var response = await Api.SendAsync(HttpMethod.Get, path, null, tokenOverride: token);
            response.ShouldBe(HttpStatusCode.Forbidden);
            Assert.Equal(AccessPolicy.Denied.Detail, response.Body["detail"]!.GetValue<string>());
        }

        var create = await Api.SendAsync(HttpMethod.Post, "/api/v1/identities", new { name = "escalate" }, tokenOverride: token);
        create.ShouldBe(HttpStatusCode.Forbidden);
        Assert.DoesNotContain((await Api.GetAsync("/api/v1/identities")).Body["identities"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "escalate");
    }

    [Fact]
    public async Task IdentityToken_AfterItsTtl_Is401()
    {
        var token = await LoginTokenAsync(ttl: 120);
        _clock.Advance(TimeSpan.FromSeconds(119));
        (await Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: token)).ShouldBe(HttpStatusCode.OK);

        _clock.Advance(TimeSpan.FromSeconds(1));

        (await Api.SendAsync(HttpMethod.Get, "/api/v1/identities", null, tokenOverride: token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Api.SendAsync(HttpMethod.Post, Revoke, null, tokenOverride: token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoke_WithBearerOnly_RefusesTheTokenOnTheNextRequest()
    {
        var token = await LoginTokenAsync();

        (await Api.SendAsync(HttpMethod.Post, Revoke, null, tokenOverride: token)).ShouldBe(HttpStatusCode.OK);

        (await Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoke_InfisicalBody_RevokesTheNamedToken()
    {
        var first = await LoginTokenAsync();
        var second = await LoginTokenAsync();

        (await Api.SendAsync(HttpMethod.Post, Revoke, new { accessToken = second }, tokenOverride: first)).ShouldBe(HttpStatusCode.OK);

        (await Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: second)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: first)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoke_RootToken_Is400AndRootKeepsWorking()
    {
        var response = await Api.PostAsync(Revoke, null);

        response.ShouldBe(HttpStatusCode.BadRequest);
        (await Api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeleteIdentity_RevokesItsTokensAndSecretsAtOnce()
    {
        var (identityId, clientId, secret) = await IdentityWithSecretAsync();
        var token = (await LoginAsync(clientId, secret)).Body["accessToken"]!.GetValue<string>();

        (await Api.DeleteAsync($"/api/v1/identities/{identityId}")).ShouldBe(HttpStatusCode.OK);

        (await Api.SendAsync(HttpMethod.Post, Revoke, null, tokenOverride: token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginAsync(clientId, secret)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeleteClientSecret_LoginWithItIs401()
    {
        var (identityId, clientId, secret) = await IdentityWithSecretAsync();
        var secrets = (await Api.GetAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets")).Body["clientSecretData"]!.AsArray();

        (await Api.DeleteAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets/{secrets.Single()!["id"]!.GetValue<string>()}")).ShouldBe(HttpStatusCode.OK);

        (await LoginAsync(clientId, secret)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AuditLog_RecordsIdentityActionsByIdAndNeverASecretOrToken()
    {
        var (_, clientId, secret) = await IdentityWithSecretAsync();
        await LoginAsync(clientId, "wrong");
        var token = (await LoginAsync(clientId, secret)).Body["accessToken"]!.GetValue<string>();
        (await Api.SendAsync(HttpMethod.Post, Revoke, null, tokenOverride: token)).ShouldBe(HttpStatusCode.OK);

        var audit = (await Api.GetAsync("/api/v1/audit-logs?limit=1000")).ShouldBe(HttpStatusCode.OK);

        foreach (var action in new[] { "identity.created", "identity.client-secret.created", "identity.login.refused", "identity.login", "identity.token.revoked" })
        {
            Assert.Contains($"\"{action}\"", audit.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(secret, audit.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, audit.Text, StringComparison.Ordinal);
    }

    private Task<ApiResponse> LoginAsync(string clientId, string secret) =>
        Api.SendAsync(HttpMethod.Post, Login, new { clientId, clientSecret = secret }, noToken: true);

    private async Task<string> LoginTokenAsync(int ttl = 7200)
    {
        var (_, clientId, secret) = await IdentityWithSecretAsync(ttl);
        return (await LoginAsync(clientId, secret)).ShouldBe(HttpStatusCode.OK).Body["accessToken"]!.GetValue<string>();
    }

    private async Task<(string Id, string ClientId, string Secret)> IdentityWithSecretAsync(int ttl = 7200)
    {
        var identity = (await Api.PostAsync("/api/v1/identities", new { name = "app-" + Guid.NewGuid().ToString("N")[..8], accessTokenTTL = ttl }))
            .ShouldBe(HttpStatusCode.OK).Body["identity"]!;
        var id = identity["id"]!.GetValue<string>();
        var created = (await Api.PostAsync($"/api/v1/identities/{id}/universal-auth/client-secrets", new { description = "test" })).ShouldBe(HttpStatusCode.OK).Body;
        return (id, created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }
}
