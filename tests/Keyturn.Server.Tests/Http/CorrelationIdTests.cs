using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keyturn.Core.Rotation;
using Keyturn.Server.Http;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Server.Tests.Http;

/// <summary>
/// The request's correlation id: a caller's valid X-Request-Id is kept, anything else replaced by a fresh id; either
/// way the answer header, the error body's traceId and the audit entry's requestId are that one id.
/// </summary>
public sealed class CorrelationIdTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData("abc-123")]
    [InlineData("0af7651916cd43dd8448eb211c80319c")]
    [InlineData("proxy:req_42.7")]
    public void IsValid_ShortSafeIds_AreKept(string id)
    {
        Assert.True(CorrelationId.IsValid(id));
        Assert.Equal(id, CorrelationId.From(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("line\nbreak")]
    [InlineData("<script>")]
    [InlineData("quote\"d")]
    [InlineData("ünïcode")]
    public void From_UnsafeCharacters_GivesAFreshId(string id)
    {
        Assert.False(CorrelationId.IsValid(id));
        AssertFresh(CorrelationId.From(id), id);
    }

    [Fact]
    public void From_TooLongOrMissing_GivesAFreshId()
    {
        var longest = new string('a', CorrelationId.MaxLength);
        Assert.Equal(longest, CorrelationId.From(longest));
        AssertFresh(CorrelationId.From(longest + "a"), longest + "a");
        AssertFresh(CorrelationId.From(null), null);
        Assert.NotEqual(CorrelationId.From(null), CorrelationId.From(null));
    }

    [Fact]
    public async Task Request_WithAValidId_EchoesIt_InHeaderErrorBodyAndAuditEntry()
    {
        var id = $"test-{Guid.NewGuid():N}";
        using var answer = await SendAsync(HttpMethod.Get, "/api/v1/projects/not-a-guid", [id]);

        Assert.Equal(id, Assert.Single(answer.Headers.GetValues(CorrelationId.Header)));
        var problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(id, problem["traceId"]!.GetValue<string>());
        Assert.Contains(await AuditRequestIdsAsync(), r => r == id);
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("<b>")]
    public async Task Request_WithAnInvalidId_GetsAFreshOne_UsedEverywhere(string given)
    {
        using var answer = await SendAsync(HttpMethod.Get, "/api/v1/projects/not-a-guid", [given]);

        var id = Assert.Single(answer.Headers.GetValues(CorrelationId.Header));
        AssertFresh(id, given);
        Assert.Equal(id, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["traceId"]!.GetValue<string>());
        Assert.Contains(await AuditRequestIdsAsync(), r => r == id);
    }

    [Fact]
    public async Task Request_TooLongId_OrTwoIds_GetsAFreshOne()
    {
        using var tooLong = await SendAsync(HttpMethod.Get, "/healthz", [new string('x', CorrelationId.MaxLength + 1)]);
        using var two = await SendAsync(HttpMethod.Get, "/healthz", ["first", "second"]);
        using var none = await SendAsync(HttpMethod.Get, "/healthz", []);

        AssertFresh(Assert.Single(tooLong.Headers.GetValues(CorrelationId.Header)), "too long");
        AssertFresh(Assert.Single(two.Headers.GetValues(CorrelationId.Header)), "first");
        AssertFresh(Assert.Single(none.Headers.GetValues(CorrelationId.Header)), null);
    }

    [Fact]
    public async Task Request_ThatThrows_500KeepsTheId_InHeaderBodyAndTheExceptionHandlersLine()
    {
        // Its own server: a throw failpoint makes the rotation's create end in an unhandled exception.
        await using var server = await TestServer.StartAsync(failpoints: Failpoints.Parse("issue:after:throw"));
        var body = Scenario.RotationBody(await Scenario.CreateProjectAsync(server), await Scenario.CreateConnectionAsync(server), Scenario.CreateTargetApp(server));
        using var http = new HttpClient { BaseAddress = server.Api.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, Scenario.RotationsPath) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Host.RootToken);
        request.Headers.Add(CorrelationId.Header, "boom-1");

        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal("boom-1", Assert.Single(answer.Headers.GetValues(CorrelationId.Header)));
        Assert.Equal("boom-1", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["traceId"]!.GetValue<string>());
        var unhandled = Assert.Single(server.Host.Services.LogCapture().Lines, l => l.Exception?.Contains(nameof(FailpointException), StringComparison.Ordinal) == true
            && l.Category.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal));
        Assert.Contains("RequestId:boom-1", unhandled.Scopes);
    }

    private static void AssertFresh(string id, string? given)
    {
        Assert.NotEqual(given, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string[] ids)
    {
        using var http = new HttpClient { BaseAddress = Server.Api.Address };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.Host.RootToken);
        foreach (var id in ids)
        {
            request.Headers.TryAddWithoutValidation(CorrelationId.Header, id);
        }

        return await http.SendAsync(request);
    }

    private async Task<IEnumerable<string?>> AuditRequestIdsAsync()
    {
        var chain = (await Server.Api.GetAsync("/api/v1/audit-logs/chain?limit=1000")).ShouldBe(HttpStatusCode.OK).Body;
        return chain["entries"]!.AsArray().Select(e => e!["requestId"]?.GetValue<string>());
    }
}
