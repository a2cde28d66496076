using System.Net;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;
using static Keyturn.Server.Tests.Access.IdentityAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Identities, their client secrets (at Keyturn's and Infisical's paths) and installation grants need an API token:
/// even a project admin holding connection-admin gets the one 403 on every route, whether or not the identity exists,
/// and changes nothing; the root token keeps every right.
/// </summary>
public sealed class IdentityAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ApiClient Root => fixture.Server.Api;

    public static TheoryData<string, string> IdentityRoutes => new()
    {
        { "POST", "/api/v1/identities" },
        { "GET", "/api/v1/identities" },
        { "GET", "/api/v1/identities/{id}" },
        { "DELETE", "/api/v1/identities/{id}" },
        { "POST", "/api/v1/identities/{id}/universal-auth/client-secrets" },
        { "GET", "/api/v1/identities/{id}/universal-auth/client-secrets" },
        { "DELETE", "/api/v1/identities/{id}/universal-auth/client-secrets/{secret}" },
        { "POST", "/api/v1/identities/{id}/grants" },
        { "DELETE", "/api/v1/identities/{id}/grants/connection-admin" },
        { "POST", "/api/v1/auth/universal-auth/identities/{id}/client-secrets" },
        { "GET", "/api/v1/auth/universal-auth/identities/{id}/client-secrets" },
        { "POST", "/api/v1/auth/universal-auth/identities/{id}/client-secrets/{secret}/revoke" },
    };

    [Theory]
    [MemberData(nameof(IdentityRoutes))]
    public async Task MostPrivilegedIdentity_Is403AlikeForExistingAndMissingIdentities_AndChangesNothing(string method, string route)
    {
        var project = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin", connectionAdmin: true);
        var target = await IdentityAsync(Root);
        var secret = (await Root.PostAsync($"/api/v1/identities/{target}/universal-auth/client-secrets", new { })).Body["clientSecretId"]!.GetValue<string>();
        var before = await StateAsync(target);

        var existing = await SendAsync(method, route, target, secret, admin.Token);
        var missing = await SendAsync(method, route, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), admin.Token);
        var malformed = await SendAsync(method, route, "not-a-guid", "not-a-guid", admin.Token);

        foreach (var response in new[] { existing, missing, malformed })
        {
            response.ShouldBe(HttpStatusCode.Forbidden);
            Assert.Equal(AccessPolicy.Denied.Detail, response.Body["detail"]!.GetValue<string>());
        }

        Assert.Equal(Refusal(existing), Refusal(missing));
        Assert.Equal(Refusal(existing), Refusal(malformed));
        Assert.Equal(before, await StateAsync(target));
    }

    [Theory]
    [MemberData(nameof(IdentityRoutes))]
    public async Task NoToken_Is401(string method, string route)
    {
        var response = await Root.SendAsync(new HttpMethod(method), Path(route, Guid.NewGuid().ToString(), Guid.NewGuid().ToString()), method == "POST" ? new { } : null, noToken: true);

        response.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ProjectAdmin_CannotGrantItselfConnectionAdmin()
    {
        var project = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin");

        (await Root.SendAsync(HttpMethod.Post, $"/api/v1/identities/{admin.IdentityId}/grants", new { grant = "connection-admin" }, tokenOverride: admin.Token))
            .ShouldBe(HttpStatusCode.Forbidden);

        Assert.Empty((await Root.GetAsync($"/api/v1/identities/{admin.IdentityId}")).ShouldBe(HttpStatusCode.OK).Body["identity"]!["grants"]!.AsArray());
    }

    [Fact]
    public async Task InfisicalClientSecretPaths_CreateListAndRevoke_WithTheRootToken()
    {
        var identity = await IdentityAsync(Root);
        var path = $"/api/v1/auth/universal-auth/identities/{identity}/client-secrets";

        var created = (await Root.PostAsync(path, new { description = "ci", ttl = 0, numUsesLimit = 0 })).ShouldBe(HttpStatusCode.OK).Body;
        var secretId = created["clientSecretData"]!["id"]!.GetValue<string>();
        var clientId = created["clientId"]!.GetValue<string>();
        var value = created["clientSecret"]!.GetValue<string>();
        Assert.Null(created["clientSecretData"]!["expiresAt"]);
        var listed = (await Root.GetAsync(path)).ShouldBe(HttpStatusCode.OK).Body["clientSecretData"]!.AsArray();
        Assert.Equal(secretId, Assert.Single(listed)!["id"]!.GetValue<string>());
        (await Root.SendAsync(HttpMethod.Post, Login, new { clientId, clientSecret = value }, noToken: true)).ShouldBe(HttpStatusCode.OK);

        var revoked = (await Root.PostAsync($"{path}/{secretId}/revoke", null)).ShouldBe(HttpStatusCode.OK).Body;

        Assert.Equal(secretId, revoked["clientSecretData"]!["id"]!.GetValue<string>());
        Assert.Empty((await Root.GetAsync($"/api/v1/identities/{identity}/universal-auth/client-secrets")).Body["clientSecretData"]!.AsArray());
        (await Root.SendAsync(HttpMethod.Post, Login, new { clientId, clientSecret = value }, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Root.PostAsync($"{path}/{secretId}/revoke", null)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task InfisicalClientSecretPath_TtlExpires_AndAUseLimitIsRefusedNamingTheField()
    {
        var identity = await IdentityAsync(Root);
        var path = $"/api/v1/auth/universal-auth/identities/{identity}/client-secrets";

        var expiring = (await Root.PostAsync(path, new { ttl = 3600 })).ShouldBe(HttpStatusCode.OK).Body;
        var limited = await Root.PostAsync(path, new { numUsesLimit = 5 });
        var tooShort = await Root.PostAsync(path, new { ttl = 5 });

        Assert.NotNull(expiring["clientSecretData"]!["expiresAt"]);
        limited.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(limited.ErrorsFor("numUsesLimit"));
        tooShort.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(tooShort.ErrorsFor("ttl"));
        Assert.Single((await Root.GetAsync(path)).Body["clientSecretData"]!.AsArray());
    }

    [Fact]
    public async Task Create_MaxTtlBelowTtl_Is400NamingIt()
    {
        var response = await Root.PostAsync("/api/v1/identities", new { name = $"app-{Unique()}", accessTokenTTL = 3600, accessTokenMaxTTL = 600 });

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor("accessTokenMaxTTL"));
    }

    // What the identity routes could change: the identity list, the target's secrets and grants.
    private async Task<string> StateAsync(string identity) =>
        (await Root.GetAsync("/api/v1/identities")).ShouldBe(HttpStatusCode.OK).Text
        + (await Root.GetAsync($"/api/v1/identities/{identity}/universal-auth/client-secrets")).ShouldBe(HttpStatusCode.OK).Text;

    private Task<ApiResponse> SendAsync(string method, string route, string identity, string secret, string token)
    {
        object? body = (method, route) switch
        {
            ("POST", "/api/v1/identities") => new { name = $"escalate-{Unique()}" },
            ("POST", "/api/v1/identities/{id}/grants") => new { grant = "connection-admin" },
            ("POST", _) when route.EndsWith("/revoke", StringComparison.Ordinal) => null,
            ("POST", _) => new { },
            _ => null,
        };
        return Root.SendAsync(new HttpMethod(method), Path(route, identity, secret), body, tokenOverride: token);
    }

    private static string Path(string route, string identity, string secret) =>
        route.Replace("{id}", identity, StringComparison.Ordinal).Replace("{secret}", secret, StringComparison.Ordinal);
}
