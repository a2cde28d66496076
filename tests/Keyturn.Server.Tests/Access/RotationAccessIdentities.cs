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
        var id = await AccessIdentities.IdentityAsync(server.Api, "rot");
        if (projectId is not null)
        {
            await AccessIdentities.MembershipAsync(server.Api, projectId, id, role, environments, secretPathPrefixes);
        }

        if (connectionAdmin)
        {
            await AccessIdentities.GrantAsync(server.Api, id, "connection-admin");
        }

        return new LoggedInIdentity(id, await AccessIdentities.LoginAsync(server.Api, id));
    }

    /// <summary>A request with the identity's token instead of the root token.</summary>
    public static Task<ApiResponse> SendAsync(this TestServer server, LoggedInIdentity identity, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(identity);
        return server.Api.SendAsync(method, path, body, tokenOverride: identity.Token);
    }
}
