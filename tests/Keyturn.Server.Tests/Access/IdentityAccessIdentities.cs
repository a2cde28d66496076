using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// The shapes the identity, membership, audit and token access tests use, over <see cref="AccessIdentities"/>:
/// "an identity with this membership (and grant), logged in".
/// </summary>
public static class IdentityAccessIdentities
{
    public const string Login = AccessIdentities.LoginPath;

    public static string Unique() => Guid.NewGuid().ToString("N")[..8];

    public static async Task<string> ProjectAsync(ApiClient root) =>
        (await root.PostAsync("/api/v1/projects", new { projectName = $"access-{Unique()}" })).ShouldBe(HttpStatusCode.OK).Body["project"]!["id"]!.GetValue<string>();

    public static Task<string> IdentityAsync(ApiClient root, int ttl = 7200, int? maxTtl = null) => AccessIdentities.IdentityAsync(root, "app", ttl, maxTtl);

    public static string Refusal(ApiResponse response) => AccessIdentities.Refusal(response);

    public static Task<string> LoginAsync(ApiClient root, string identityId) => AccessIdentities.LoginAsync(root, identityId);

    public static Task<string> MembershipAsync(
        ApiClient root, string projectId, string identityId, string role, string[]? environments = null, string[]? secretPathPrefixes = null) =>
        AccessIdentities.MembershipAsync(root, projectId, identityId, role, environments, secretPathPrefixes);

    /// <summary>A new identity with <paramref name="role"/> in the project (and connection-admin when asked), logged in.</summary>
    public static async Task<Member> MemberAsync(
        ApiClient root, string projectId, string role, string[]? environments = null, string[]? secretPathPrefixes = null, bool connectionAdmin = false)
    {
        var identity = await IdentityAsync(root);
        var membership = await MembershipAsync(root, projectId, identity, role, environments, secretPathPrefixes);
        if (connectionAdmin)
        {
            await AccessIdentities.GrantAsync(root, identity, "connection-admin");
        }

        return new Member(identity, membership, await LoginAsync(root, identity));
    }
}

/// <summary>A logged-in identity: its id, its membership's id and its access token.</summary>
public sealed record Member(string IdentityId, string MembershipId, string Token);
