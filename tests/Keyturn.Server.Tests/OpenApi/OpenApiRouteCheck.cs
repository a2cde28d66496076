using System.Text.Json.Nodes;

namespace Keyturn.Server.Tests.OpenApi;

/// <summary>What the running server says about one route, found without reading the OpenAPI document.</summary>
/// <param name="PathParameters">The route pattern's parameters.</param>
/// <param name="NeedsToken">False only for routes the bearer filter lets through (IAllowAnonymous).</param>
/// <param name="ReadsBody">The route answered a malformed JSON body with a 400 naming "body".</param>
/// <param name="QueryParameters">Query parameters the route refused when sent malformed values (a 400 naming them).</param>
public sealed record RouteFacts(string Method, string Path, IReadOnlyList<string> PathParameters, bool NeedsToken, bool ReadsBody, IReadOnlyList<string> QueryParameters);

/// <summary>
/// Holds the raw /openapi/v1.json to the route table: each route has its operation, a 2xx answer with a JSON schema,
/// ProblemDetails answers for 400 (input), 401/403 (token) and 404 (path ids), its path parameters and the bearer
/// requirement. Works on the raw JSON so a test can break a document and see the finding.
/// </summary>
public static class OpenApiRouteCheck
{
    private static readonly string[] ProblemSchemas = ["ProblemDetails", "HttpValidationProblemDetails"];

    public static IReadOnlyList<string> Findings(JsonNode document, IEnumerable<RouteFacts> routes)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(routes);
        var findings = new List<string>();
        foreach (var route in routes)
        {
            var name = $"{route.Method} {route.Path}";
            if (Operation(document, route) is not { } operation)
            {
                findings.Add($"{name}: no operation in the document");
                continue;
            }

            var responses = operation["responses"]?.AsObject() ?? [];
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count == 0)
            {
                findings.Add($"{name}: no 2xx response");
            }

            foreach (var (status, response) in success.Where(r => r.Key is not ("204" or "202")))
            {
                if (response?["content"]?["application/json"]?["schema"] is null)
                {
                    findings.Add($"{name}: {status} has no application/json schema");
                }
            }

            var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
            var query = parameters.Where(p => p["in"]?.GetValue<string>() == "query").ToList();
            if (route.ReadsBody && operation["requestBody"]?["content"]?["application/json"]?["schema"] is null)
            {
                findings.Add($"{name}: reads a JSON body but declares no requestBody schema");
            }

            if (route.ReadsBody || query.Count > 0 || route.QueryParameters.Count > 0)
            {
                RequireProblem(findings, name, responses, "400");
            }

            if (route.ReadsBody)
            {
                // Every /api body can be too large (413) or not JSON (415): HttpCorrectnessTests shows both live.
                RequireProblem(findings, name, responses, "413");
                RequireProblem(findings, name, responses, "415");
            }

            foreach (var undeclared in route.QueryParameters.Where(q => !query.Any(d => d["name"]?.GetValue<string>() == q)))
            {
                findings.Add($"{name}: reads query parameter {undeclared}, which is not declared");
            }

            foreach (var parameter in query.Where(p => p["schema"]?["type"] is null))
            {
                findings.Add($"{name}: query parameter {parameter["name"]} has no type");
            }

            if (route.NeedsToken)
            {
                RequireProblem(findings, name, responses, "401");
                RequireProblem(findings, name, responses, "403");
                if (operation["security"]?.AsArray().Any(s => s?["bearer"] is not null) != true)
                {
                    findings.Add($"{name}: needs a token but has no bearer security requirement");
                }
            }
            else if (operation["security"]?.AsArray().Count > 0)
            {
                findings.Add($"{name}: anonymous but asks for a bearer token");
            }

            if (route.PathParameters.Count > 0)
            {
                RequireProblem(findings, name, responses, "404");
            }

            foreach (var missing in route.PathParameters.Where(p => !parameters.Any(d =>
                         d["in"]?.GetValue<string>() == "path" && d["name"]?.GetValue<string>() == p && d["required"]?.GetValue<bool>() == true && d["schema"]?["type"] is not null)))
            {
                findings.Add($"{name}: path parameter {missing} is not declared (required, with a type)");
            }
        }

        return findings;
    }

    /// <summary>The operation for a route: document paths keep a group's trailing slash, route keys do not.</summary>
    public static JsonNode? Operation(JsonNode document, RouteFacts route)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(route);
        var path = document["paths"]?.AsObject().FirstOrDefault(p => p.Key.TrimEnd('/') == route.Path.TrimEnd('/')).Value;
        return path?[route.Method.ToLowerInvariant()];
    }

    private static void RequireProblem(List<string> findings, string name, JsonObject responses, string status)
    {
        var schema = responses[status]?["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
        if (schema is null || !ProblemSchemas.Contains(schema.Split('/')[^1]))
        {
            findings.Add($"{name}: no {status} answer with a ProblemDetails schema");
        }
    }
}
