using System.Net;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Identities for the secret and project access tests, made the way an operator makes them: through the real API with
/// the root token (identity, client secret, membership), then logged in with universal auth for a real access token.
/// </summary>
internal static class SecretAccessIdentities
{
    /// <summary>An identity's access token with one membership in <paramref name="projectId"/> (none when it is null).</summary>
    public static async Task<Token> LoggedInAsync(
        ApiClient api, string? projectId, string? role, string[]? environments = null, string[]? secretPathPrefixes = null)
    {
        var identity = (await api.PostAsync("/api/v1/identities", new { name = $"access-{Guid.NewGuid():N}"[..24] }))
            .ShouldBe(HttpStatusCode.OK).Body["identity"]!;
        var identityId = identity["id"]!.GetValue<string>();
        if (projectId is not null)
        {
            (await api.PostAsync($"/api/v1/projects/{projectId}/memberships", new { identityId, role, environments, secretPathPrefixes }))
                .ShouldBe(HttpStatusCode.OK);
        }

        var created = (await api.PostAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets", new { description = "access test" }))
            .ShouldBe(HttpStatusCode.OK).Body;
        var login = (await api.SendAsync(HttpMethod.Post, "/api/v1/auth/universal-auth/login",
                new { clientId = created["clientId"]!.GetValue<string>(), clientSecret = created["clientSecret"]!.GetValue<string>() }, noToken: true))
            .ShouldBe(HttpStatusCode.OK).Body;
        return new Token(api, identityId, login["accessToken"]!.GetValue<string>());
    }

    /// <summary>Asserts the one refusal <see cref="AccessPolicy.Denied"/>: 403 with its fixed title and detail, nothing more.</summary>
    public static void ShouldBeDenied(this ApiResponse response)
    {
        response.ShouldBe(HttpStatusCode.Forbidden);
        Assert.Equal(AccessPolicy.Denied.Title, response.Body["title"]!.GetValue<string>());
        Assert.Equal(AccessPolicy.Denied.Detail, response.Body["detail"]!.GetValue<string>());
        Assert.Null(response.Body["errors"]);
    }

    /// <summary>An identity's access token and the calls a test makes with it.</summary>
    internal sealed record Token(ApiClient Api, string IdentityId, string AccessToken)
    {
        public Task<ApiResponse> GetAsync(string path) => Api.SendAsync(HttpMethod.Get, path, null, tokenOverride: AccessToken);

        public Task<ApiResponse> PostAsync(string path, object? body) => Api.SendAsync(HttpMethod.Post, path, body, tokenOverride: AccessToken);

        public Task<ApiResponse> PatchAsync(string path, object? body) => Api.SendAsync(HttpMethod.Patch, path, body, tokenOverride: AccessToken);

        public Task<ApiResponse> DeleteAsync(string path, object? body = null) => Api.SendAsync(HttpMethod.Delete, path, body, tokenOverride: AccessToken);
    }
}
