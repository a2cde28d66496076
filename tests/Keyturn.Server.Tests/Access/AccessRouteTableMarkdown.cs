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

    public const string Header = "| route | permission | who holds it |\n| --- | --- | --- |\n";

    public static string Render(IEnumerable<LiveRoute> routes)
    {
        var text = new StringBuilder(Header);
        foreach (var route in routes.OrderBy(r => r.Key[(r.Key.IndexOf(' ', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            text.Append(Row(route)).Append('\n');
        }

        return text.ToString();
    }

    public static string Row(LiveRoute route)
    {
        var (permission, who) = route.IsAnonymous
            ? ("none", "anyone (no bearer token)")
            : (route.Declaration!.Permission.ToString(), Who[route.Declaration.Permission]);
        return $"| `{route.Key}` | `{permission}` | {who} |";
    }

    /// <summary>The route key of a table row ("GET /api/v1/projects"), or null for a line that is not a route row.</summary>
    public static string? KeyOf(string row) =>
        row.StartsWith("| `", StringComparison.Ordinal) && row.IndexOf('`', 3) is > 3 and var end ? row[3..end] : null;
}
