using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.OpenApi;

/// <summary>
/// The /api routes of a running server as <see cref="RouteFacts"/>: method, path and parameters from EndpointDataSource,
/// and whether each reads a body by asking it (a malformed JSON body is a 400 naming "body" only where one is read).
/// </summary>
public static class LiveRouteFacts
{
    private static readonly string[] BodyMethods = ["POST", "PATCH", "PUT", "DELETE"];

    // A malformed value for each query parameter a Keyturn route reads; a route that reads one names it in its 400.
    private static readonly Dictionary<string, string> MalformedQuery = new(StringComparer.Ordinal)
    {
        ["limit"] = "0", ["cursor"] = "!", ["after"] = "-1", ["dryRun"] = "maybe", ["version"] = "0", ["from"] = "nope", ["to"] = "nope",
        ["projectId"] = "nope", ["deleteSecrets"] = "maybe", ["revokeGeneratedCredentials"] = "maybe", ["force"] = "maybe",
        ["recursive"] = "true", ["tagSlugs"] = "a", ["type"] = "personal", ["workspaceId"] = "nope", ["secretPath"] = "no//path",
    };

    public static async Task<IReadOnlyList<RouteFacts>> OfAsync(TestServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var facts = new List<RouteFacts>();
        foreach (var endpoint in server.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                     .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true))
        {
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var needsToken = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var readsBody = BodyMethods.Contains(method) && await ReadsBodyAsync(server.Api, method, Fill(path));
                var query = await RefusedQueryAsync(server.Api, method, Fill(path), readsBody);
                facts.Add(new RouteFacts(method, path, parameters, needsToken, readsBody, query));
            }
        }

        return facts;
    }

    /// <summary>The path with values that pass each parameter's form check, so a body is read before anything is looked up.</summary>
    public static string Fill(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Join('/', path.Split('/').Select(segment => segment switch
        {
            "{app}" => "azure",
            "{type}" => "azure-client-secret",
            "{secretName}" => "OPENAPI_PROBE",
            "{grant}" => "connection-admin",
            ['{', .., '}'] => Guid.NewGuid().ToString(),
            _ => segment,
        }));
    }

    /// <summary>
    /// The query parameters the route names in its 400 for malformed values. Sent without a body (or, where a body is
    /// read, with a malformed one, so nothing is ever created): routes that read the body first are not probed here.
    /// </summary>
    private static async Task<IReadOnlyList<string>> RefusedQueryAsync(ApiClient api, string method, string path, bool readsBody)
    {
        var query = string.Join('&', MalformedQuery.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"));
        var answer = readsBody
            ? await api.SendRawAsync(new HttpMethod(method), $"{path}?{query}", "{")
            : await api.SendAsync(new HttpMethod(method), $"{path}?{query}", null);
        return answer.Status == HttpStatusCode.BadRequest && answer.Json?["errors"] is JsonObject errors
            ? [.. errors.Select(e => e.Key).Where(MalformedQuery.ContainsKey)]
            : [];
    }

    private static async Task<bool> ReadsBodyAsync(ApiClient api, string method, string path)
    {
        var answer = await api.SendRawAsync(new HttpMethod(method), path, "{");
        return answer.Status == HttpStatusCode.BadRequest && answer.Json?["errors"]?["body"] is JsonArray;
    }
}
