using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Hosting;
using Keyturn.Server.Http;
using Keyturn.Server.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>The request-level audit entries: every /api request, with its outcome, durable before the answer (fail closed).</summary>
public sealed class RequestAuditTests
{
    private static async Task<JsonArray> EntriesAsync(TestServer server, string query) =>
        (await server.Api.GetAsync($"/api/v1/audit-logs?{query}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();

    [Fact]
    public async Task SecretRead_IsRecordedWithOutcomeSourceAddressAndNoValue()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        const string value = "request-audit-value-5b1e";
        await Scenario.CreateSecretAsync(server, projectId, "API_KEY", value);

        (await Scenario.GetSecretAsync(server, projectId, "API_KEY")).ShouldBe(HttpStatusCode.OK);
        (await Scenario.GetSecretAsync(server, projectId, "MISSING")).ShouldBe(HttpStatusCode.NotFound);

        var reads = await EntriesAsync(server, "action=secret.get");
        Assert.Equal(2, reads.Count);
        // Two requests can share a millisecond, so the entries are told apart by resource, not by position.
        var read = reads.Single(e => Text(e!, "resourceId") == "API_KEY")!;
        var missing = reads.Single(e => Text(e!, "resourceId") == "MISSING")!;
        Assert.Equal(("success", "token:root", "127.0.0.1", "API_KEY", "secret", projectId, 200),
            (Text(read, "outcome"), Text(read, "actor"), Text(read, "sourceIp"), Text(read, "resourceId"), Text(read, "resourceType"), Text(read, "projectId"),
                read["details"]!["status"]!.GetValue<int>()));
        Assert.Equal(("refused", 404), (Text(missing, "outcome"), missing["details"]!["status"]!.GetValue<int>()));
        Assert.True(read["sequence"]!.GetValue<long>() > 0);
        var all = (await server.Api.GetAsync("/api/v1/audit-logs?limit=1000")).Text;
        Assert.DoesNotContain(value, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretWrite_RequestEntryAndServiceEntry_ShareTheRequestIdAndSourceAddress()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        await Scenario.CreateSecretAsync(server, projectId, "DB_URL", "postgres://x");

        var request = Assert.Single(await EntriesAsync(server, "action=secret.create"))!;
        var service = Assert.Single(await EntriesAsync(server, "action=secret.created"))!;

        Assert.Equal(Text(request, "requestId"), Text(service, "requestId"));
        Assert.Equal(("127.0.0.1", "127.0.0.1"), (Text(request, "sourceIp"), Text(service, "sourceIp")));
        Assert.Equal(("success", "success"), (Text(request, "outcome"), Text(service, "outcome")));
    }

    [Fact]
    public async Task RequestWithoutValidToken_IsRecordedAsRefusedByAnonymous()
    {
        await using var server = await TestServer.StartAsync();

        (await server.Api.SendAsync(HttpMethod.Get, "/api/v2/secret-rotations/azure-client-secret/6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f/generated-credentials", null, noToken: true))
            .ShouldBe(HttpStatusCode.Unauthorized);
        (await server.Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: "kt_wrong")).ShouldBe(HttpStatusCode.Unauthorized);

        var refused = await EntriesAsync(server, "actor=anonymous");
        Assert.Equal(["project.list", "secret-rotation.read-generated-credentials"], refused.Select(e => Text(e!, "action")).Order());
        Assert.All(refused, e => Assert.Equal(("refused", 401), (Text(e!, "outcome"), e!["details"]!["status"]!.GetValue<int>())));
        Assert.Equal("6f1c0d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f", Text(refused.Single(e => Text(e!, "action") != "project.list")!, "resourceId"));
        Assert.DoesNotContain("kt_wrong", (await server.Api.GetAsync("/api/v1/audit-logs")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditWriteFails_RequestFailsWithoutData_AndRecoversWhenWritesWork()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        const string value = "fail-closed-value-93c2";
        await Scenario.CreateSecretAsync(server, projectId, "TOKEN", value);
        // The database refuses audit rows from now on, as a full disk or a revoked grant would.
        await ExecuteAsync(server, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(FAIL, 'audit refused'); END");

        var refused = await Scenario.GetSecretAsync(server, projectId, "TOKEN");

        refused.ShouldBe(HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain(value, refused.Text, StringComparison.Ordinal);
        Assert.Null(refused.Body["secret"]);
        Assert.Equal("Audit trail unavailable", refused.Body["title"]!.GetValue<string>());

        await ExecuteAsync(server, "DROP TRIGGER refuse_audit");
        Assert.Equal(value, (await Scenario.GetSecretAsync(server, projectId, "TOKEN")).ShouldBe(HttpStatusCode.OK).Body["secret"]!["secretValue"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequestAuditOff_ForTheBenchmarkOnly_RecordsNoRequestEntries()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { RequestAudit = false });
        var projectId = await Scenario.CreateProjectAsync(server);

        (await Scenario.GetSecretAsync(server, projectId, "MISSING")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal(["project.created"], (await EntriesAsync(server, "")).Select(e => Text(e!, "action")));
    }

    [Fact]
    public async Task EveryApiRoute_DeclaresItsAuditAction()
    {
        await using var server = await TestServer.StartAsync();
        // Read from the running server's route table, so a route added later cannot go unrecorded unnoticed.
        var endpoints = server.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(endpoints);
        var undeclared = endpoints.Where(e => e.Metadata.GetMetadata<RouteDeclaration>() is null)
            .Select(e => $"{string.Join(',', e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}").ToList();
        Assert.True(undeclared.Count == 0, "Routes without an audit action (add them to RouteDeclarations): " + string.Join("; ", undeclared));
        var actions = endpoints.Select(e => e.Metadata.GetMetadata<RouteDeclaration>()!.Action).ToList();
        Assert.Equal(actions.Count, actions.Distinct().Count());
    }

    [Fact]
    public async Task AuditLogs_BadFilters_Are400NamingTheField()
    {
        await using var server = await TestServer.StartAsync();

        var response = (await server.Api.GetAsync("/api/v1/audit-logs?from=yesterday&to=2026-01-01T00:00:00&limit=0&projectId=x&cursor=nope"))
            .ShouldBe(HttpStatusCode.BadRequest);

        foreach (var field in new[] { "from", "to", "limit", "projectId", "cursor" })
        {
            Assert.NotEmpty(response.ErrorsFor(field));
        }

        (await server.Api.GetAsync("/api/v1/audit-logs/chain?after=-1&limit=5000")).ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AuditLogs_Paged_FollowsNextCursorToTheEnd()
    {
        await using var server = await TestServer.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            (await server.Api.GetAsync("/api/v1/projects")).ShouldBe(HttpStatusCode.OK);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await server.Api.GetAsync($"/api/v1/audit-logs?action=project.list&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .ShouldBe(HttpStatusCode.OK).Body;
            seen.AddRange(page["auditLogs"]!.AsArray().Select(e => Text(e!, "id")));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(5, seen.Count);
    }

    private static string Text(JsonNode node, string name) => node[name]?.ToString() ?? "";

    private static async Task ExecuteAsync(TestServer server, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, DataDirectory.DatabaseFile)};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
