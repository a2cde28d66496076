using System.Text;
using Keyturn.Core.Access;

namespace Keyturn.Server.Tests.Access;

/// <summary>The route table of docs/access.md, rendered from the live routes and their declared permissions.</summary>
public static class AccessRouteTableMarkdown
{
    /// <summary>Who holds each permission, in the words of the design (AccessPolicy). A permission missing here fails the doc test.</summary>
    public static IReadOnlyDictionary<Permission, string> Who { get; } = new Dictionary<Permission, string>
    {
        [Permission.Authenticated] = "any valid token",
        [Permission.ProjectCreate] = "API tokens only",
        [Permission.ProjectRead] = "any membership in the project",
        [Permission.SecretRead] = "viewer+ covering the environment and path",
        [Permission.SecretWrite] = "developer+ covering the environment and path",
        [Permission.RotationRead] = "rotation-admin+ covering the rotation's environment and path",
        [Permission.RotationManage] = "rotation-admin+ covering the rotation's environment and path, and `connection-admin`",
        [Permission.GeneratedCredentialRead] = "rotation-admin+ covering the rotation's environment and path",
        [Permission.WebhookManage] = "rotation-admin+ of the whole project",
        [Permission.MembershipManage] = "admin of the whole project",
        [Permission.ConnectionAdmin] = "the `connection-admin` grant",
        [Permission.IdentityAdmin] = "API tokens only",
        [Permission.AuditRead] = "API tokens; the list filtered by `projectId=P` also an admin of the whole project P",
    };

    public static string Render(IEnumerable<LiveRoute> routes)
    {
        var text = new StringBuilder();
        text.Append("| route | permission | who holds it |\n| --- | --- | --- |\n");
        foreach (var route in routes.OrderBy(r => r.Key[(r.Key.IndexOf(' ', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var (permission, who) = route.IsAnonymous
                ? ("none", "anyone (no bearer token)")
                : (route.Declaration!.Permission.ToString(), Who[route.Declaration.Permission]);
            text.Append($"| `{route.Key}` | `{permission}` | {who} |\n");
        }

        return text.ToString();
    }
}
