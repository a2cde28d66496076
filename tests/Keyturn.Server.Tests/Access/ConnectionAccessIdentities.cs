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
        var id = await AccessIdentities.IdentityAsync(root, "acc");
        foreach (var grant in grants)
        {
            await AccessIdentities.GrantAsync(root, id, grant);
        }

        foreach (var m in memberships)
        {
            await AccessIdentities.MembershipAsync(root, m.ProjectId, id, m.Role, m.Environments, m.Paths);
        }

        return new LoggedIn(id, new ApiClient(root.Address, await AccessIdentities.LoginAsync(root, id)));
    }

    /// <summary>The refusal as a client sees it, without per-request fields (trace id), to compare two refusals.</summary>
    public static string Refusal(ApiResponse response) => AccessIdentities.Refusal(response);
}
