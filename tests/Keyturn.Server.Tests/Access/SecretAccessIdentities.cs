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
        var identityId = await AccessIdentities.IdentityAsync(api);
        if (projectId is not null)
        {
            await AccessIdentities.MembershipAsync(api, projectId, identityId, role!, environments, secretPathPrefixes);
        }

        return new Token(api, identityId, await AccessIdentities.LoginAsync(api, identityId));
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
