using Keyturn.Core.Identities;

namespace Keyturn.Server.Views;

/// <summary>The API shape of a project membership; null scopes mean every environment or every path.</summary>
public static class MembershipJson
{
    public static object Membership(ProjectMembership m) => new
    {
        id = m.Id,
        projectId = m.ProjectId,
        identityId = m.IdentityId,
        role = m.Role,
        environments = m.Environments,
        secretPathPrefixes = m.SecretPathPrefixes,
        createdAt = m.CreatedAt,
    };
}
