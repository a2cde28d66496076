using System.Net;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.Providers;

/// <summary>The `rest-api` type through the API against a real HTTPS service on 127.0.0.1 that Keyturn trusts through its extra CA.</summary>
public sealed class RestApiRotationTests
{
    private const string Path = "/api/v2/secret-rotations/rest-api";
    private static readonly object Mapping = new { username = "SVC_USER", password = "SVC_PASSWORD" };

    [Fact]
    public async Task CreateRotateTwiceDelete_MappedPasswordLogsInAfterEachStep()
    {
        await using var api = await PasswordApi.StartAsync();
        await using var server = await StartAsync(api, allow: $"127.0.0.1:{api.Port}");
        var (projectId, connectionId) = await SetUpAsync(server, api);

        var created = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId, Parameters(api), Mapping))).ShouldBe(HttpStatusCode.OK);
        var id = created.Body["secretRotation"]!["id"]!.GetValue<string>();
        Assert.Equal(PasswordApi.User, await Scenario.SecretValueAsync(server, projectId, "SVC_USER"));
        var seen = new HashSet<string> { await MappedPasswordAsync(server, projectId, api) };
        for (var i = 0; i < 2; i++)
        {
            (await server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);
            Assert.True(seen.Add(await MappedPasswordAsync(server, projectId, api)), "each rotation must set a new password");
        }

        Assert.Equal(3, api.Changes);
        var last = await MappedPasswordAsync(server, projectId, api);
        (await server.Api.DeleteAsync($"{Path}/{id}?deleteSecrets=false")).ShouldBe(HttpStatusCode.OK);

        // Deleting changes nothing at the service: the kept secret, now an ordinary one, still logs in.
        Assert.Equal(3, api.Changes);
        Assert.Equal(last, await MappedPasswordAsync(server, projectId, api));
        (await server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UrlOutsideTheAllowList_Is400AndSendsNothing()
    {
        await using var api = await PasswordApi.StartAsync();
        await using var server = await StartAsync(api, allow: $"127.0.0.1:{api.Port + 1}");
        var (projectId, connectionId) = await SetUpAsync(server, api);

        var response = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId, Parameters(api), Mapping))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains(response.ErrorsFor("parameters.request.url"), e => e.Contains("outbound allow-list"));
        Assert.NotEmpty(response.ErrorsFor("parameters.verify.url"));
        Assert.Equal(0, api.Requests);
        Assert.Empty(await LocalRotationScenario.RotationsAsync(server, projectId));
    }

    [Fact]
    public async Task Create_AllowedNameResolvingToLoopback_RefusedAfterResolutionAndSendsNothing()
    {
        await using var api = await PasswordApi.StartAsync();
        // The name is allowed; the loopback address it resolves to is not listed, so no connection is made.
        await using var server = await StartAsync(api, allow: $"localhost:{api.Port}");
        var (projectId, connectionId) = await SetUpAsync(server, api);
        var parameters = Parameters(api, baseUrl: $"https://localhost:{api.Port}");

        var response = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId, parameters, Mapping))).ShouldBe(HttpStatusCode.BadGateway);

        Assert.Contains("not public", response.Text);
        Assert.Equal(0, api.Requests);
        Assert.Null(api.Password);
        Assert.Empty(await LocalRotationScenario.RotationsAsync(server, projectId));
    }

    [Fact]
    public async Task Create_BodyThatIsNotJsonWithValues_Is400()
    {
        await using var api = await PasswordApi.StartAsync();
        await using var server = await StartAsync(api, allow: $"127.0.0.1:{api.Port}");
        var (projectId, connectionId) = await SetUpAsync(server, api);
        var parameters = new
        {
            username = PasswordApi.User,
            request = new { method = "POST", url = $"{api.BaseUrl}/users/{{{{username}}}}/password", body = "{\"password\": {{newPassword}}}" },
        };

        var response = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId, parameters, Mapping))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("parameters.request.body"));
        Assert.Equal(0, api.Requests);
    }

    [Fact]
    public async Task Rotate_ServiceRefusesTheToken_MappedSecretsUnchanged()
    {
        await using var api = await PasswordApi.StartAsync();
        await using var server = await StartAsync(api, allow: $"127.0.0.1:{api.Port}");
        var (projectId, connectionId) = await SetUpAsync(server, api);
        var id = (await server.Api.PostAsync(Path, LocalRotationScenario.Body(projectId, connectionId, Parameters(api), Mapping))).ShouldBe(HttpStatusCode.OK)
            .Body["secretRotation"]!["id"]!.GetValue<string>();
        var before = await MappedPasswordAsync(server, projectId, api);
        (await server.Api.PatchAsync($"/api/v3/secrets/raw/API_TOKEN", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = "wrong" }))
            .ShouldBe(HttpStatusCode.OK);

        var failed = (await server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
        Assert.Contains("failed: HTTP 401 Unauthorized", failed["lastRotationMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await MappedPasswordAsync(server, projectId, api));
    }

    /// <summary>The example shape: a Bearer token from another secret, the new password in a JSON body, a login to verify.</summary>
    public static object Parameters(PasswordApi api, string? baseUrl = null) => new
    {
        username = PasswordApi.User,
        request = new
        {
            method = "POST",
            url = $"{baseUrl ?? api.BaseUrl}/users/{{{{username}}}}/password",
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{secret:API_TOKEN}}" },
            body = "{\"password\": \"{{newPassword}}\"}",
        },
        successStatusCodes = new[] { 200, 204 },
        verify = new
        {
            method = "POST",
            url = $"{baseUrl ?? api.BaseUrl}/login",
            body = "{\"username\": \"{{username}}\", \"password\": \"{{newPassword}}\"}",
            successStatusCodes = new[] { 200 },
        },
    };

    private static Task<TestServer> StartAsync(PasswordApi api, string allow) =>
        TestServer.StartAsync(configure: o => o with { OutboundAllow = [allow], ExtraTrustedRoots = [.. o.ExtraTrustedRoots!, api.Ca] });

    private static async Task<(string ProjectId, string ConnectionId)> SetUpAsync(TestServer server, PasswordApi api)
    {
        var (projectId, connectionId) = await LocalRotationScenario.CreateAsync(server);
        await Scenario.CreateSecretAsync(server, projectId, "API_TOKEN", api.AdminToken);
        return (projectId, connectionId);
    }

    private static async Task<string> MappedPasswordAsync(TestServer server, string projectId, PasswordApi api)
    {
        var password = await Scenario.SecretValueAsync(server, projectId, "SVC_PASSWORD");
        Assert.True(api.Accepts(password), "the mapped password must log in at the service");
        return password;
    }
}
