using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Identities for the access tests of the identity, membership, audit and token routes, made through the real API with
/// the root token and logged in with universal auth: "an identity with this membership (and grant), logged in".
/// </summary>
public static class IdentityAccessIdentities
{
    public const string Login = "/api/v1/auth/universal-auth/login";

    public static string Unique() => Guid.NewGuid().ToString("N")[..8];

    public static async Task<string> ProjectAsync(ApiClient root) =>
        (await root.PostAsync("/api/v1/projects", new { projectName = $"access-{Unique()}" })).ShouldBe(HttpStatusCode.OK).Body["project"]!["id"]!.GetValue<string>();

    public static async Task<string> IdentityAsync(ApiClient root, int ttl = 7200, int? maxTtl = null)
    {
        object body = maxTtl is { } max
            ? new { name = $"app-{Unique()}", accessTokenTTL = ttl, accessTokenMaxTTL = max }
            : new { name = $"app-{Unique()}", accessTokenTTL = ttl };
        return (await root.PostAsync("/api/v1/identities", body)).ShouldBe(HttpStatusCode.OK).Body["identity"]!["id"]!.GetValue<string>();
    }

    /// <summary>A refusal without its per-request trace id: two refusals that say the same thing compare equal.</summary>
    public static string Refusal(ApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Body.AsObject().DeepClone().AsObject();
        body.Remove("traceId");
        return $"{(int)response.Status} {body.ToJsonString()}";
    }

    /// <summary>A new client secret of the identity and a login with it: the access token.</summary>
    public static async Task<string> LoginAsync(ApiClient root, string identityId)
    {
        var created = (await root.PostAsync($"/api/v1/identities/{identityId}/universal-auth/client-secrets", new { })).ShouldBe(HttpStatusCode.OK).Body;
        var login = await root.SendAsync(HttpMethod.Post, Login,
            new { clientId = created["clientId"]!.GetValue<string>(), clientSecret = created["clientSecret"]!.GetValue<string>() }, noToken: true);
        return login.ShouldBe(HttpStatusCode.OK).Body["accessToken"]!.GetValue<string>();
    }

    /// <summary>Makes <paramref name="identityId"/> a member of the project; the membership's id.</summary>
    public static async Task<string> MembershipAsync(
        ApiClient root, string projectId, string identityId, string role, string[]? environments = null, string[]? secretPathPrefixes = null) =>
        (await root.PostAsync($"/api/v1/projects/{projectId}/memberships", new { identityId, role, environments, secretPathPrefixes }))
            .ShouldBe(HttpStatusCode.OK).Body["membership"]!["id"]!.GetValue<string>();

    /// <summary>A new identity with <paramref name="role"/> in the project (and connection-admin when asked), logged in.</summary>
    public static async Task<Member> MemberAsync(
        ApiClient root, string projectId, string role, string[]? environments = null, string[]? secretPathPrefixes = null, bool connectionAdmin = false)
    {
        var identity = await IdentityAsync(root);
        var membership = await MembershipAsync(root, projectId, identity, role, environments, secretPathPrefixes);
        if (connectionAdmin)
        {
            (await root.PostAsync($"/api/v1/identities/{identity}/grants", new { grant = "connection-admin" })).ShouldBe(HttpStatusCode.OK);
        }

        return new Member(identity, membership, await LoginAsync(root, identity));
    }
}

/// <summary>A logged-in identity: its id, its membership's id and its access token.</summary>
public sealed record Member(string IdentityId, string MembershipId, string Token);
