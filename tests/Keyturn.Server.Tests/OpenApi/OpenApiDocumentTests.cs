using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Keyturn.Server.Tests.OpenApi;

/// <summary>
/// /openapi/v1.json is a valid OpenAPI document that describes every /api route the server serves: its body, its
/// answer, its problems, its parameters and whether it needs the bearer token.
/// </summary>
public sealed class OpenApiDocumentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Document_ParsesAndValidates_WithoutErrors()
    {
        var text = (await Server.Api.SendAsync(HttpMethod.Get, "/openapi/v1.json", null, noToken: true)).ShouldBe(HttpStatusCode.OK).Text;

        var (document, problems) = OpenApiValidation.ParseAndValidate(text);

        Assert.Empty(problems);
        Assert.True(document.Paths.Count > 30, $"only {document.Paths.Count} paths");
        Assert.Equal(SecuritySchemeType.Http, document.Components!.SecuritySchemes!["bearer"].Type);
        Assert.Equal("bearer", document.Components.SecuritySchemes["bearer"].Scheme);
    }

    [Fact]
    public async Task EveryApiRoute_HasItsOperation_Answers_Problems_Parameters_AndSecurity()
    {
        var document = await DocumentAsync();
        var routes = await LiveRouteFacts.OfAsync(Server);

        Assert.True(routes.Count > 50, $"only {routes.Count} routes");
        Assert.Contains(routes, r => r.ReadsBody);
        Assert.Contains(routes, r => !r.NeedsToken);
        Assert.Contains(routes, r => r.QueryParameters.Contains("dryRun"));
        Assert.Empty(OpenApiRouteCheck.Findings(document, routes));
    }

    [Fact]
    public async Task Check_FindsAMissingProblem_AMissingAnswer_AndAMissingSecurityRequirement()
    {
        // The check above must be able to fail: the same document with one piece removed from each of three routes.
        var document = await DocumentAsync();
        var routes = await LiveRouteFacts.OfAsync(Server);
        var get = routes.Single(r => r is { Method: "GET", Path: "/api/v1/projects/{id}" });
        var create = routes.Single(r => r is { Method: "POST", Path: "/api/v1/projects" });
        var list = routes.Single(r => r is { Method: "GET", Path: "/api/v3/secrets/raw" });
        OpenApiRouteCheck.Operation(document, get)!["responses"]!.AsObject().Remove("404");
        OpenApiRouteCheck.Operation(document, create)!["responses"]!.AsObject().Remove("200");
        OpenApiRouteCheck.Operation(document, list)!.AsObject().Remove("security");

        var findings = OpenApiRouteCheck.Findings(document, routes);

        Assert.Equal(
            [
                "GET /api/v1/projects/{id}: no 404 answer with a ProblemDetails schema",
                "GET /api/v3/secrets/raw: needs a token but has no bearer security requirement",
                "POST /api/v1/projects: no 2xx response",
            ],
            findings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Login_IsAnonymous_AndSecretsRoutes_AskForTheBearerToken()
    {
        var document = await DocumentAsync();

        var login = document["paths"]!["/api/v1/auth/universal-auth/login"]!["post"]!;
        var secrets = document["paths"]!.AsObject().Single(p => p.Key.TrimEnd('/') == "/api/v3/secrets/raw").Value!["get"]!;

        Assert.Null(login["security"]);
        Assert.Equal("loginAuth", login["operationId"]!.GetValue<string>());
        Assert.NotNull(secrets["security"]![0]!["bearer"]);
        Assert.Equal(["workspaceId", "environment", "secretPath", "recursive", "tagSlugs"], secrets["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.True(secrets["parameters"]![0]!["required"]!.GetValue<bool>());
        Assert.Equal("uuid", secrets["parameters"]![0]!["schema"]!["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task OperationIds_AreUnique_AndEveryOperationHasOneTag()
    {
        var document = await DocumentAsync();

        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "get" or "post" or "patch" or "put" or "delete"))
            .Select(o => o.Value!).ToList();

        var ids = operations.Select(o => o["operationId"]?.GetValue<string>()).ToList();
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(operations, o => Assert.Single(o["tags"]!.AsArray()));
        Assert.Contains("listSecretRotationHistory", ids);
        Assert.Contains("createProject", ids);
        Assert.Contains("rotateSecretRotation", ids);
    }

    private async Task<JsonNode> DocumentAsync() =>
        (await Server.Api.SendAsync(HttpMethod.Get, "/openapi/v1.json", null, noToken: true)).ShouldBe(HttpStatusCode.OK).Body;
}
