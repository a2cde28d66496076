using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.OpenApi;

/// <summary>
/// The 200 schema each route declares is the shape it really writes: real answers from a live server, held to their
/// operation's schema in the document (fields declared, required ones present, nested items too).
/// </summary>
public sealed class OpenApiAnswerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Answers_HaveTheShapeTheirOperationDeclares()
    {
        var document = (await Server.Api.SendAsync(HttpMethod.Get, "/openapi/v1.json", null, noToken: true)).ShouldBe(HttpStatusCode.OK).Body;
        var findings = new List<string>();
        async Task<JsonNode> CallAsync(string method, string template, string path, object? body = null)
        {
            var answer = (await Server.Api.SendAsync(new HttpMethod(method), path, body)).ShouldBe(HttpStatusCode.OK).Body;
            var operation = OpenApiRouteCheck.Operation(document, new RouteFacts(method, template, [], true, false, []))
                            ?? throw new InvalidOperationException($"{method} {template}: no operation");
            var schema = operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
            findings.AddRange(SchemaConformance.Mismatches(document, schema, answer).Select(m => $"{method} {template}: {m}"));
            return answer;
        }

        var project = (await CallAsync("POST", "/api/v1/projects", "/api/v1/projects", new { projectName = "openapi-answers" }))["project"]!;
        var projectId = project["id"]!.GetValue<string>();
        await CallAsync("GET", "/api/v1/projects/{id}", $"/api/v1/projects/{projectId}");
        await CallAsync("GET", "/api/v1/projects", "/api/v1/projects");
        var scope = $"workspaceId={projectId}&environment=dev&secretPath=/";
        await CallAsync("POST", "/api/v3/secrets/raw/{secretName}", $"/api/v3/secrets/raw/OPENAPI_ANSWER?{scope}", new { secretValue = "v1" });
        await CallAsync("GET", "/api/v3/secrets/raw/{secretName}", $"/api/v3/secrets/raw/OPENAPI_ANSWER?{scope}");
        await CallAsync("GET", "/api/v3/secrets/raw", $"/api/v3/secrets/raw?{scope}");
        await CallAsync("GET", "/api/v2/secret-rotations/options", "/api/v2/secret-rotations/options");
        await CallAsync("GET", "/api/v2/secret-rotations", $"/api/v2/secret-rotations?projectId={projectId}");
        var identity = (await CallAsync("POST", "/api/v1/identities", "/api/v1/identities", new { name = "openapi-answers" }))["identity"]!["id"]!.GetValue<string>();
        await CallAsync("POST", "/api/v1/identities/{id}/universal-auth/client-secrets", $"/api/v1/identities/{identity}/universal-auth/client-secrets", new { description = "d" });
        await CallAsync("GET", "/api/v1/identities/{id}/universal-auth/client-secrets", $"/api/v1/identities/{identity}/universal-auth/client-secrets");
        await CallAsync("POST", "/api/v1/identities/{id}/grants", $"/api/v1/identities/{identity}/grants", new { grant = "connection-admin" });
        await CallAsync("POST", "/api/v1/projects/{projectId}/memberships", $"/api/v1/projects/{projectId}/memberships", new { identityId = identity, role = "viewer" });
        await CallAsync("GET", "/api/v1/identities", "/api/v1/identities");
        await CallAsync("GET", "/api/v1/auth/token/self", "/api/v1/auth/token/self");
        await CallAsync("GET", "/api/v1/audit-logs", $"/api/v1/audit-logs?projectId={projectId}");
        await CallAsync("GET", "/api/v1/audit-logs/chain", "/api/v1/audit-logs/chain?limit=5");
        await CallAsync("DELETE", "/api/v3/secrets/raw/{secretName}", $"/api/v3/secrets/raw/OPENAPI_ANSWER?{scope}");

        Assert.Empty(findings);
    }
}
