using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Http;

/// <summary>Every /api answer, success or refusal, tells caches not to keep it; health stays cacheable.</summary>
public sealed class NoStoreOnApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task SecretRead_Refusals_AndLogin_AllCarryNoStore_HealthDoesNot()
    {
        var projectId = (await Server.Api.PostAsync("/api/v1/projects", new { projectName = $"cache-{Guid.NewGuid():N}"[..20] }))
            .ShouldBe(HttpStatusCode.OK).Body["project"]!["id"]!.GetValue<string>();
        (await Server.Api.PostAsync("/api/v3/secrets/raw/CACHED", new { workspaceId = projectId, environment = "dev", secretValue = "a-value-no-cache-keeps" }))
            .ShouldBe(HttpStatusCode.OK);
        using var http = new HttpClient { BaseAddress = Server.Api.Address };

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v3/secrets/raw/CACHED?workspaceId={projectId}&environment=dev");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.Host.RootToken);
        var answers = new List<HttpResponseMessage>
        {
            await http.SendAsync(read),
            await http.GetAsync("/api/v1/projects"),
            await http.PostAsJsonAsync("/api/v1/auth/universal-auth/login", new { clientId = Guid.NewGuid().ToString(), clientSecret = "wrong" }),
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], answers.Select(a => a.StatusCode));
        Assert.All(answers, a => Assert.True(a.Headers.CacheControl?.NoStore == true, $"{a.RequestMessage!.RequestUri} {(int)a.StatusCode} lacks no-store"));
        using var health = await http.GetAsync("/healthz");
        Assert.Null(health.Headers.CacheControl);
        answers.ForEach(a => a.Dispose());
    }
}
