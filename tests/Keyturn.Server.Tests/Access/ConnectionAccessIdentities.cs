using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Identities for the connection and webhook access tests, made the way an operator makes them: through the API with
/// the root token (identity, client secret, memberships, grants), then logged in with universal auth.
/// </summary>
internal static class ConnectionAccessIdentities
{
    public const string ConnectionAdmin = "connection-admin";

    /// <summary>A membership to give the identity: <paramref name="Environments"/> and <paramref name="Paths"/> null mean all.</summary>
    public sealed record MembershipSpec(string ProjectId, string Role, string[]? Environments = null, string[]? Paths = null);

    /// <summary>A logged-in identity: its id and a client that sends its access token.</summary>
    public sealed class LoggedIn(string id, ApiClient api) : IDisposable
    {
        public string Id => id;

        public ApiClient Api => api;

        public string Actor => $"identity:{id}";

        public void Dispose() => api.Dispose();
    }

    public static async Task<LoggedIn> LogInAsync(TestServer server, string[] grants, params MembershipSpec[] memberships)
    {
        var root = server.Api;
        var id = (await root.PostAsync("/api/v1/identities", new { name = $"acc-{Guid.NewGuid():N}"[..16] })).ShouldBe(HttpStatusCode.OK)
            .Body["identity"]!["id"]!.GetValue<string>();
        foreach (var grant in grants)
        {
            (await root.PostAsync($"/api/v1/identities/{id}/grants", new { grant })).ShouldBe(HttpStatusCode.OK);
        }

        foreach (var m in memberships)
        {
            var body = new JsonObject { ["identityId"] = id, ["role"] = m.Role };
            if (m.Environments is not null)
            {
                body["environments"] = new JsonArray([.. m.Environments.Select(e => JsonValue.Create(e))]);
            }

            if (m.Paths is not null)
            {
                body["secretPathPrefixes"] = new JsonArray([.. m.Paths.Select(p => JsonValue.Create(p))]);
            }

            (await root.PostAsync($"/api/v1/projects/{m.ProjectId}/memberships", body)).ShouldBe(HttpStatusCode.OK);
        }

        var secret = (await root.PostAsync($"/api/v1/identities/{id}/universal-auth/client-secrets", new { description = "access test" }))
            .ShouldBe(HttpStatusCode.OK).Body;
        var login = (await root.SendAsync(HttpMethod.Post, "/api/v1/auth/universal-auth/login",
                new { clientId = secret["clientId"]!.GetValue<string>(), clientSecret = secret["clientSecret"]!.GetValue<string>() }, noToken: true))
            .ShouldBe(HttpStatusCode.OK).Body;
        return new LoggedIn(id, new ApiClient(root.Address, login["accessToken"]!.GetValue<string>()));
    }

    /// <summary>The refusal as a client sees it, without per-request fields (trace id), to compare two refusals.</summary>
    public static string Refusal(ApiResponse response)
    {
        response.ShouldBe(HttpStatusCode.Forbidden);
        var body = response.Body;
        return $"{body["status"]}|{body["title"]}|{body["detail"]}|{body["errors"]?.ToJsonString()}";
    }
}
