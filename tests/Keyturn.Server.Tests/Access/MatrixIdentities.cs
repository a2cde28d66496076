using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Identities made the way an operator makes them: through the API with the root token (identity, client secret,
/// membership, grants), then logged in with universal auth for an access token.
/// </summary>
public static class MatrixIdentities
{
    public const string LoginPath = "/api/v1/auth/universal-auth/login";

    public sealed record Credentials(string IdentityId, string ClientId, string ClientSecret);

    public static async Task<Credentials> CreateAsync(ApiClient root, string name)
    {
        var id = (await root.PostAsync("/api/v1/identities", new { name = $"{name}-{Guid.NewGuid():N}"[..30] })).ShouldBe(HttpStatusCode.OK)
            .Body["identity"]!["id"]!.GetValue<string>();
        var secret = (await root.PostAsync($"/api/v1/identities/{id}/universal-auth/client-secrets", new { description = "permission matrix" }))
            .ShouldBe(HttpStatusCode.OK).Body;
        return new Credentials(id, secret["clientId"]!.GetValue<string>(), secret["clientSecret"]!.GetValue<string>());
    }

    /// <summary>An identity holding <paramref name="holding"/> in <paramref name="projectId"/>, logged in.</summary>
    public static async Task<(Credentials Credentials, string Token)> CreateLoggedInAsync(ApiClient root, string name, MatrixHolding holding, string projectId)
    {
        var credentials = await CreateAsync(root, name);
        if (holding.Role is not null)
        {
            // Unlimited scopes are left out of the body (null is not "every").
            var body = new Dictionary<string, object> { ["identityId"] = credentials.IdentityId, ["role"] = holding.Role };
            if (holding.Environments is { } environments)
            {
                body["environments"] = environments;
            }

            if (holding.SecretPathPrefixes is { } prefixes)
            {
                body["secretPathPrefixes"] = prefixes;
            }

            (await root.PostAsync($"/api/v1/projects/{projectId}/memberships", body)).ShouldBe(HttpStatusCode.OK);
        }

        foreach (var grant in holding.Grants)
        {
            (await root.PostAsync($"/api/v1/identities/{credentials.IdentityId}/grants", new { grant })).ShouldBe(HttpStatusCode.OK);
        }

        return (credentials, await LoginAsync(root, credentials));
    }

    public static async Task<string> LoginAsync(ApiClient api, Credentials credentials) =>
        (await api.SendAsync(HttpMethod.Post, LoginPath, new { clientId = credentials.ClientId, clientSecret = credentials.ClientSecret }, noToken: true))
            .ShouldBe(HttpStatusCode.OK).Body["accessToken"]!.GetValue<string>();
}
