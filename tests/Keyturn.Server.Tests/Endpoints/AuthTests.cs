using System.Net;
using System.Runtime.Versioning;
using Keyturn.Server.Hosting;
using Keyturn.Server.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>The bearer-token filter on /api, the open health and OpenAPI routes, and the root token's files.</summary>
public sealed class AuthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string AnyId = "6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";

    public static TheoryData<string, string> ApiRoutes => new()
    {
        { "GET", "/api/v1/projects" },
        { "POST", "/api/v1/projects" },
        { "GET", $"/api/v1/projects/{AnyId}" },
        { "GET", $"/api/v3/secrets/raw?workspaceId={AnyId}&environment=dev" },
        { "GET", $"/api/v3/secrets/raw/KEY?workspaceId={AnyId}&environment=dev" },
        { "POST", "/api/v3/secrets/raw/KEY" },
        { "PATCH", "/api/v3/secrets/raw/KEY" },
        { "DELETE", "/api/v3/secrets/raw/KEY" },
        { "GET", "/api/v1/app-connections/azure" },
        { "POST", "/api/v1/app-connections/azure" },
        { "GET", $"/api/v1/app-connections/azure/{AnyId}" },
        { "DELETE", $"/api/v1/app-connections/azure/{AnyId}" },
        { "PATCH", $"/api/v1/app-connections/azure/{AnyId}" },
        { "POST", $"/api/v1/app-connections/azure/{AnyId}/rotate-credentials" },
        { "GET", $"/api/v1/app-connections/azure/{AnyId}/credential-rotations" },
        { "GET", $"/api/v2/secret-rotations?projectId={AnyId}" },
        { "GET", "/api/v2/secret-rotations/options" },
        { "POST", "/api/v2/secret-rotations/azure-client-secret" },
        { "GET", $"/api/v2/secret-rotations/azure-client-secret/{AnyId}" },
        { "PATCH", $"/api/v2/secret-rotations/azure-client-secret/{AnyId}" },
        { "DELETE", $"/api/v2/secret-rotations/azure-client-secret/{AnyId}" },
        { "POST", $"/api/v2/secret-rotations/azure-client-secret/{AnyId}/rotate-secrets" },
        { "GET", $"/api/v2/secret-rotations/azure-client-secret/{AnyId}/generated-credentials" },
        { "POST", $"/api/v2/secret-rotations/azure-client-secret/{AnyId}/reconcile" },
        { "GET", $"/api/v2/secret-rotations/azure-client-secret/{AnyId}/history" },
        { "GET", "/api/v1/audit-logs" },
        { "GET", "/api/v1/audit-logs/chain" },
        { "POST", $"/api/v1/projects/{AnyId}/webhooks" },
        { "GET", $"/api/v1/projects/{AnyId}/webhooks" },
        { "GET", $"/api/v1/projects/{AnyId}/webhooks/{AnyId}" },
        { "DELETE", $"/api/v1/projects/{AnyId}/webhooks/{AnyId}" },
        { "GET", $"/api/v1/projects/{AnyId}/webhooks/{AnyId}/deliveries" },
        { "POST", "/api/v1/identities" },
        { "GET", "/api/v1/identities" },
        { "GET", $"/api/v1/identities/{AnyId}" },
        { "DELETE", $"/api/v1/identities/{AnyId}" },
        { "POST", $"/api/v1/identities/{AnyId}/universal-auth/client-secrets" },
        { "GET", $"/api/v1/identities/{AnyId}/universal-auth/client-secrets" },
        { "DELETE", $"/api/v1/identities/{AnyId}/universal-auth/client-secrets/{AnyId}" },
        { "POST", $"/api/v1/identities/{AnyId}/grants" },
        { "DELETE", $"/api/v1/identities/{AnyId}/grants/connection-admin" },
        { "POST", $"/api/v1/projects/{AnyId}/memberships" },
        { "GET", $"/api/v1/projects/{AnyId}/memberships" },
        { "GET", $"/api/v1/projects/{AnyId}/memberships/{AnyId}" },
        { "DELETE", $"/api/v1/projects/{AnyId}/memberships/{AnyId}" },
        { "POST", "/api/v1/auth/token/revoke" },
        { "GET", "/api/v1/auth/token/self" },
        { "POST", $"/api/v1/auth/universal-auth/identities/{AnyId}/client-secrets" },
        { "GET", $"/api/v1/auth/universal-auth/identities/{AnyId}/client-secrets" },
        { "POST", $"/api/v1/auth/universal-auth/identities/{AnyId}/client-secrets/{AnyId}/revoke" },
    };

    /// <summary>The only routes that take no bearer token: logging in is how a caller gets one; renew takes the token in its body (Infisical's shape).</summary>
    private static readonly string[] AnonymousRoutes = ["POST /api/v1/auth/universal-auth/login", "POST /api/v1/auth/token/renew"];

    [Fact]
    public async Task EveryMappedApiEndpoint_WithoutAuthorization_Is401()
    {
        // Read from the running server's route table, so a route added later cannot miss the token check unnoticed.
        var endpoints = Server.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, e.RoutePattern.RawText!)))
            .ToList();
        // Exactly the routes listed in ApiRoutes: a new route must be added there too, so it also gets the problem-shape checks.
        Assert.Equal(ApiRoutes.Count, endpoints.Count);

        foreach (var (method, pattern) in endpoints)
        {
            var path = pattern.Replace("{type}", "azure-client-secret").Replace("{app}", "azure").Replace("{id}", AnyId).Replace("{secretName}", "KEY").Replace("{projectId}", AnyId).Replace("{clientSecretId}", AnyId).Replace("{identityId}", AnyId);
            var response = await Server.Api.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : new { }, noToken: true);
            Assert.True(response.Status == HttpStatusCode.Unauthorized, $"{method} {pattern} answered {(int)response.Status} without a token");
        }
    }

    private TestServer Server => fixture.Server;

    [Fact]
    public void AnonymousApiRoutes_AreExactlyLogin()
    {
        // A route marked AllowAnonymous skips the bearer filter entirely, so the set is pinned here.
        var anonymous = Server.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToList();

        Assert.Equal(AnonymousRoutes, anonymous);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_WithoutAuthorization_Is401Problem(string method, string path)
    {
        var response = await Server.Api.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : new { }, noToken: true);

        response.ShouldBe(HttpStatusCode.Unauthorized);
        Assert.Equal(401, response.Body["status"]!.GetValue<int>());
        Assert.Equal("Unauthorized", response.Body["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(response.Body["detail"]?.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_WrongToken_Is401Problem(string method, string path)
    {
        var response = await Server.Api.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : new { }, tokenOverride: "kt_not-a-real-token");

        response.ShouldBe(HttpStatusCode.Unauthorized);
        Assert.Equal(401, response.Body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task ApiRoute_NonBearerScheme_Is401()
    {
        using var http = new HttpClient { BaseAddress = Server.Api.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Server.Host.RootToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_WithoutToken_Is200()
    {
        var response = (await Server.Api.SendAsync(HttpMethod.Get, "/healthz", null, noToken: true)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("ok", response.Body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_WithoutToken_ListsApiPaths()
    {
        var response = (await Server.Api.SendAsync(HttpMethod.Get, "/openapi/v1.json", null, noToken: true)).ShouldBe(HttpStatusCode.OK);

        var paths = response.Body["paths"]!.AsObject().Select(p => p.Key.TrimEnd('/')).ToList();
        Assert.Contains("/api/v1/projects", paths);
        Assert.Contains("/api/v1/projects/{id}", paths);
        Assert.Contains("/api/v3/secrets/raw", paths);
        Assert.Contains("/api/v3/secrets/raw/{secretName}", paths);
        Assert.Contains("/api/v1/app-connections/{app}", paths);
        Assert.Contains("/api/v1/app-connections/{app}/{id}", paths);
        Assert.Contains("/api/v2/secret-rotations", paths);
        Assert.Contains("/api/v2/secret-rotations/{type}", paths);
        Assert.Contains("/api/v2/secret-rotations/{type}/{id}", paths);
        Assert.Contains("/api/v2/secret-rotations/{type}/{id}/rotate-secrets", paths);
        Assert.Contains("/api/v2/secret-rotations/{type}/{id}/generated-credentials", paths);
        Assert.Contains("/api/v2/secret-rotations/{type}/{id}/reconcile", paths);
    }

    [Fact]
    public async Task RootToken_FromHost_IsAccepted()
    {
        var response = await Server.Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: Server.Host.RootToken);

        response.ShouldBe(HttpStatusCode.OK);
        Assert.NotNull(response.Body["projects"]);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void RootToken_File_HoldsTokenWithMode0600()
    {
        var path = Path.Combine(Server.DataDirectory, DataDirectory.RootTokenFile);

        Assert.Equal(Server.Host.RootToken, File.ReadAllText(path).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void RootKey_File_HasMode0600()
    {
        var path = Path.Combine(Server.DataDirectory, DataDirectory.RootKeyFile);

        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
