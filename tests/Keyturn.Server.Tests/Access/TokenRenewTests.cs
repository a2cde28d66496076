using System.Net;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Keyturn.Server.Tests.Access.IdentityAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// POST /api/v1/auth/token/renew (Infisical's shape) against a real server on a <see cref="FakeTimeProvider"/>: a renewed
/// token lives another TTL but never past login + max TTL, expires on the fake clock, and a revoke counts on the next
/// request; revoked, expired, unknown and root tokens are refused with 401.
/// </summary>
public sealed class TokenRenewTests : IAsyncLifetime
{
    private const string Renew = "/api/v1/auth/token/renew";
    private const string Revoke = "/api/v1/auth/token/revoke";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private TestServer? _server;

    private ApiClient Root => _server!.Api;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(timeProvider: _clock);

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task Renew_ExtendsByTheTtl_ThenTheRenewedTokenExpiresOnTheClock()
    {
        var (project, identity, token) = await AdminAsync(ttl: 600);
        _clock.Advance(TimeSpan.FromSeconds(500));

        var renewed = (await RenewAsync(token)).ShouldBe(HttpStatusCode.OK).Body;

        Assert.Equal(token, renewed["accessToken"]!.GetValue<string>());
        Assert.Equal(600, renewed["expiresIn"]!.GetValue<int>());
        Assert.Equal(2_592_000, renewed["accessTokenMaxTTL"]!.GetValue<int>());
        Assert.Equal("Bearer", renewed["tokenType"]!.GetValue<string>());
        // Past the login's own expiry (600 s) and inside the renewed one (1100 s).
        _clock.Advance(TimeSpan.FromSeconds(599));
        (await ListAsync(project, token)).ShouldBe(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await ListAsync(project, token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await RenewAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
        var audit = (await Root.GetAsync($"/api/v1/audit-logs?action=identity.token.renewed&resourceId={identity}")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(audit.Body["auditLogs"]!.AsArray());
        Assert.DoesNotContain(token, audit.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_NeverPastLoginPlusMaxTtl()
    {
        var (project, _, token) = await AdminAsync(ttl: 600, maxTtl: 900);
        _clock.Advance(TimeSpan.FromSeconds(500));

        var renewed = (await RenewAsync(token)).ShouldBe(HttpStatusCode.OK).Body;

        Assert.Equal(400, renewed["expiresIn"]!.GetValue<int>());
        Assert.Equal(900, renewed["accessTokenMaxTTL"]!.GetValue<int>());
        _clock.Advance(TimeSpan.FromSeconds(399));
        Assert.Equal(1, (await RenewAsync(token)).ShouldBe(HttpStatusCode.OK).Body["expiresIn"]!.GetValue<int>());
        (await ListAsync(project, token)).ShouldBe(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await ListAsync(project, token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await RenewAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RenewedToken_Revoked_IsRefusedOnTheNextRequestAndCannotBeRenewed()
    {
        var (project, _, token) = await AdminAsync(ttl: 600);
        (await RenewAsync(token)).ShouldBe(HttpStatusCode.OK);

        (await Root.SendAsync(HttpMethod.Post, Revoke, null, tokenOverride: token)).ShouldBe(HttpStatusCode.OK);

        (await ListAsync(project, token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await RenewAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LoginToken_ExpiresOnTheClock_AndRevokeCountsOnTheNextRequest()
    {
        var (project, identity, token) = await AdminAsync(ttl: 300);
        var second = await LoginAsync(Root, identity);
        _clock.Advance(TimeSpan.FromSeconds(299));
        (await ListAsync(project, token)).ShouldBe(HttpStatusCode.OK);

        (await Root.SendAsync(HttpMethod.Post, Revoke, new { accessToken = second }, tokenOverride: token)).ShouldBe(HttpStatusCode.OK);
        (await ListAsync(project, second)).ShouldBe(HttpStatusCode.Unauthorized);
        _clock.Advance(TimeSpan.FromSeconds(1));

        (await ListAsync(project, token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Renew_UnknownOrRootToken_Is401WithTheSameDetail()
    {
        var refusals = new[]
        {
            await RenewAsync("kt_" + Unique()),
            await RenewAsync(_server!.Host.RootToken),
        };

        Assert.All(refusals, r => r.ShouldBe(HttpStatusCode.Unauthorized));
        Assert.Single(refusals.Select(r => r.Body["detail"]!.GetValue<string>()).Distinct());
        (await Root.GetAsync("/api/v1/identities")).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"accessToken":""}""")]
    [InlineData("""{"accessToken":42}""")]
    public async Task Renew_MalformedBody_Is400NamingAccessToken(string body)
    {
        var response = await Root.SendRawAsync(HttpMethod.Post, Renew, body);

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor("accessToken"));
    }

    private Task<ApiResponse> RenewAsync(string token) => Root.SendAsync(HttpMethod.Post, Renew, new { accessToken = token }, noToken: true);

    private Task<ApiResponse> ListAsync(string project, string token) =>
        Root.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/memberships", null, tokenOverride: token);

    private async Task<(string Project, string Identity, string Token)> AdminAsync(int ttl, int? maxTtl = null)
    {
        var project = await ProjectAsync(Root);
        var identity = await IdentityAsync(Root, ttl, maxTtl);
        await MembershipAsync(Root, project, identity, "admin");
        return (project, identity, await LoginAsync(Root, identity));
    }
}
