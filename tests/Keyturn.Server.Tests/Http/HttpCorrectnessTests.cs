using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Keyturn.Server.Http;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Http;

/// <summary>
/// 413, 415, 405 with Allow and 404 on real routes, each a ProblemDetails that names the rule, and each refusal
/// leaves nothing behind (the project a refused body would have made does not exist).
/// </summary>
public sealed class HttpCorrectnessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Post_BodyOverOneMiB_Is413NamingTheLimitAndCreatesNothing()
    {
        var name = $"big-{Guid.NewGuid():N}"[..20];
        var body = $"{{\"projectName\":\"{name}\",\"description\":\"{new string('x', (int)RequestLimits.MaxApiBodyBytes)}\"}}";

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/projects", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576 bytes", problem["detail"]!.GetValue<string>());
        Assert.True(response.Headers.CacheControl?.NoStore, "a refusal on /api carries no-store too");
        await AssertNoProjectAsync(name);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverOneMiB_Is413NotA500()
    {
        var name = $"chunk-{Guid.NewGuid():N}"[..20];
        var bytes = Encoding.UTF8.GetBytes($"{{\"projectName\":\"{name}\",\"description\":\"{new string('x', (int)RequestLimits.MaxApiBodyBytes)}\"}}");
        // No length known up front: sent chunked, so only Kestrel's limit while reading can catch it.
        var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/projects", content);

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNoProjectAsync(name);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Post_NotJson_Is415NamingApplicationJsonAndCreatesNothing(string contentType)
    {
        var name = $"type-{Guid.NewGuid():N}"[..20];
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"projectName\":\"{name}\"}}"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/projects", content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem["detail"]!.GetValue<string>());
        await AssertNoProjectAsync(name);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/merge-patch+json")]
    public async Task Post_JsonContentTypes_AreAccepted(string contentType)
    {
        var name = $"json-{Guid.NewGuid():N}"[..20];
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"projectName\":\"{name}\"}}"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/projects", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithoutBodyOrContentType_IsNotRefusedAs415()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        using var response = await SendAsync(HttpMethod.Post, $"/api/v2/secret-rotations/azure-client-secret/{setup.RotationId}/rotate-secrets", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WrongMethod_Is405WithAllowListingThePathsMethods()
    {
        using var put = await SendAsync(HttpMethod.Put, "/api/v1/projects", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var post = await SendAsync(HttpMethod.Post, "/api/v3/secrets/raw/SOME_KEY/extra/none", null);
        using var secret = await SendAsync(HttpMethod.Put, "/api/v3/secrets/raw/SOME_KEY", null);

        var problem = await ProblemAsync(put, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "POST"], put.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("GET", problem["detail"]!.GetValue<string>());
        await ProblemAsync(secret, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["DELETE", "GET", "PATCH", "POST"], secret.Content.Headers.Allow.Order(StringComparer.Ordinal));
        await ProblemAsync(post, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownPath_Is404ProblemDetails()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v9/nothing-here", null);

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NotJsonBody_OnAnUnknownPathOrWrongMethod_Stays404Or405()
    {
        using var unknown = await SendAsync(HttpMethod.Post, "/api/v9/nothing-here", new StringContent("x=1", Encoding.UTF8, "text/plain"));
        using var wrongMethod = await SendAsync(HttpMethod.Put, "/api/v1/projects", new StringContent("x=1", Encoding.UTF8, "text/plain"));

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var http = new HttpClient { BaseAddress = Server.Api.Address };
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.Host.RootToken);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    private async Task AssertNoProjectAsync(string name)
    {
        var projects = (await Server.Api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray();
        Assert.DoesNotContain(projects, p => p!["name"]?.GetValue<string>() == name);
    }

    /// <summary>A stream that does not say its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
