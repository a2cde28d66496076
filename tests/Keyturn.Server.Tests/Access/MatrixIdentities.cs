using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Identities made the way an operator makes them: through the API with the root token (identity, client secret,
/// membership, grants), then logged in with universal auth for an access token.
/// </summary>
public static class MatrixIdentities
{
    public const string LoginPath = AccessIdentities.LoginPath;

    public sealed record Credentials(string IdentityId, string ClientId, string ClientSecret);

    public static async Task<Credentials> CreateAsync(ApiClient root, string name)
    {
        var id = await AccessIdentities.IdentityAsync(root, name);
        var (clientId, clientSecret) = await AccessIdentities.ClientSecretAsync(root, id);
        return new Credentials(id, clientId, clientSecret);
    }

    /// <summary>An identity holding <paramref name="holding"/> in <paramref name="projectId"/>, logged in.</summary>
    public static async Task<(Credentials Credentials, string Token)> CreateLoggedInAsync(ApiClient root, string name, MatrixHolding holding, string projectId)
    {
        var credentials = await CreateAsync(root, name);
        if (holding.Role is not null)
        {
            await AccessIdentities.MembershipAsync(root, projectId, credentials.IdentityId, holding.Role, holding.Environments, holding.SecretPathPrefixes);
        }

        foreach (var grant in holding.Grants)
        {
            await AccessIdentities.GrantAsync(root, credentials.IdentityId, grant);
        }

        return (credentials, await LoginAsync(root, credentials));
    }

    public static Task<string> LoginAsync(ApiClient api, Credentials credentials) =>
        AccessIdentities.LoginAsync(api, credentials.ClientId, credentials.ClientSecret);
}
