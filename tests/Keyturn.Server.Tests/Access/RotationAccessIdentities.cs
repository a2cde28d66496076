using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>A machine identity made through the real API with the root token, logged in with universal auth.</summary>
public sealed record LoggedInIdentity(string Id, string Token)
{
    public string Actor => $"identity:{Id}";
}

/// <summary>Builds the identities the rotation access tests need: a membership (role and scopes), the connection-admin grant or not.</summary>
public static class RotationAccessIdentities
{
    /// <param name="projectId">The project of the membership; null for an identity without any.</param>
    public static async Task<LoggedInIdentity> LoggedInAsync(
        TestServer server, string? projectId, string role = "rotation-admin", string[]? environments = null, string[]? secretPathPrefixes = null,
        bool connectionAdmin = true)
    {
        ArgumentNullException.ThrowIfNull(server);
        var api = server.Api;
        var id = (await api.PostAsync("/api/v1/identities", new { name = "rot-" + Guid.NewGuid().ToString("N")[..8] }))
            .ShouldBe(HttpStatusCode.OK).Body["identity"]!["id"]!.GetValue<string>();
        if (projectId is not null)
        {
            (await api.PostAsync($"/api/v1/projects/{projectId}/memberships", new { identityId = id, role, environments, secretPathPrefixes }))
                .ShouldBe(HttpStatusCode.OK);
        }

        if (connectionAdmin)
        {
            (await api.PostAsync($"/api/v1/identities/{id}/grants", new { grant = "connection-admin" })).ShouldBe(HttpStatusCode.OK);
        }

        var secret = (await api.PostAsync($"/api/v1/identities/{id}/universal-auth/client-secrets", new { description = "rotation access test" }))
            .ShouldBe(HttpStatusCode.OK).Body;
        var login = (await api.SendAsync(HttpMethod.Post, "/api/v1/auth/universal-auth/login",
                new { clientId = secret["clientId"]!.GetValue<string>(), clientSecret = secret["clientSecret"]!.GetValue<string>() }, noToken: true))
            .ShouldBe(HttpStatusCode.OK).Body;
        return new LoggedInIdentity(id, login["accessToken"]!.GetValue<string>());
    }

    /// <summary>A request with the identity's token instead of the root token.</summary>
    public static Task<ApiResponse> SendAsync(this TestServer server, LoggedInIdentity identity, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(identity);
        return server.Api.SendAsync(method, path, body, tokenOverride: identity.Token);
    }
}
