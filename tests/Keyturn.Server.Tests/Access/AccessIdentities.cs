using System.Net;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Identities made the way an operator makes them, for every access test: through the real API with the root token
/// (identity, memberships, grants, a client secret), then logged in with universal auth for a real access token.
/// </summary>
public static class AccessIdentities
{
    public const string LoginPath = "/api/v1/auth/universal-auth/login";

    /// <summary>A new identity's id; <paramref name="maxTtl"/> null keeps the server's default.</summary>
    public static async Task<string> IdentityAsync(ApiClient root, string name = "access", int? ttl = null, int? maxTtl = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var body = new Dictionary<string, object> { ["name"] = $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 17, 60)] };
        if (ttl is { } t)
        {
            body["accessTokenTTL"] = t;
        }

        if (maxTtl is { } max)
        {
            body["accessTokenMaxTTL"] = max;
        }

        return (await root.PostAsync("/api/v1/identities", body)).ShouldBe(HttpStatusCode.OK).Body["identity"]!["id"]!.GetValue<string>();
    }

    /// <summary>Makes the identity a member of the project; null scopes are left out of the body (every environment, every path).</summary>
    public static async Task<string> MembershipAsync(
        ApiClient root, string projectId, string identityId, string role, string[]? environments = null, string[]? secretPathPrefixes = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var body = new Dictionary<string, object> { ["identityId"] = identityId, ["role"] = role };
        if (environments is not null)
        {
            body["environments"] = environments;
        }

        if (secretPathPrefixes is not null)
        {
            body["secretPathPrefixes"] = secretPathPrefixes;
        }

        return (await root.PostAsync($"/api/v1/projects/{projectId}/memberships", body)).ShouldBe(HttpStatusCode.OK)
            .Body["membership"]!["id"]!.GetValue<string>();
    }

    public static async Task GrantAsync(ApiClient root, string identityId, string grant)
    {
        ArgumentNullException.ThrowIfNull(root);
        (await root.PostAsync($"/api/v1/identities/{identityId}/grants", new { grant })).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A new client secret of the identity: what a login needs.</summary>
    public static async Task<(string ClientId, string ClientSecret)> ClientSecretAsync(ApiClient root, string identityId)
    {
        ArgumentNullException.ThrowIfNull(root);
        var created = (await root.PostAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets", new { description = "access test" }))
            .ShouldBe(HttpStatusCode.OK).Body;
        return (created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }

    /// <summary>Universal-auth login: the access token.</summary>
    public static async Task<string> LoginAsync(ApiClient api, string clientId, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(api);
        return (await api.SendAsync(HttpMethod.Post, LoginPath, new { clientId, clientSecret }, noToken: true))
            .ShouldBe(HttpStatusCode.OK).Body["accessToken"]!.GetValue<string>();
    }

    /// <summary>A new client secret of the identity and a login with it: the access token.</summary>
    public static async Task<string> LoginAsync(ApiClient root, string identityId)
    {
        var (clientId, clientSecret) = await ClientSecretAsync(root, identityId);
        return await LoginAsync(root, clientId, clientSecret);
    }

    /// <summary>
    /// A refusal as a client compares it: status and body without the per-request trace id, so two refusals that say
    /// the same thing compare equal (an existing resource out of scope and one that does not exist must).
    /// </summary>
    public static string Refusal(ApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ShouldBe(HttpStatusCode.Forbidden);
        var body = response.Body.AsObject().DeepClone().AsObject();
        body.Remove("traceId");
        return $"{(int)response.Status} {body.ToJsonString()}";
    }

    /// <summary>Asserts the one refusal <see cref="AccessPolicy.Denied"/>: 403 with its fixed title and detail, nothing more.</summary>
    public static void ShouldBeDenied(this ApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ShouldBe(HttpStatusCode.Forbidden);
        Assert.Equal(AccessPolicy.Denied.Title, response.Body["title"]!.GetValue<string>());
        Assert.Equal(AccessPolicy.Denied.Detail, response.Body["detail"]!.GetValue<string>());
        Assert.Null(response.Body["errors"]);
    }
}
