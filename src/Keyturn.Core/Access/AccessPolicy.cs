using Keyturn.Core.Identities;
using Keyturn.Core.Results;

namespace Keyturn.Core.Access;

/// <summary>
/// The one place that decides whether a principal holds a permission in a scope. Roles form a ladder (viewer &lt;
/// developer &lt; rotation-admin &lt; admin); a membership limited to environments or path prefixes covers only those,
/// and never covers project-wide things (webhooks, memberships, the project's audit entries).
/// </summary>
public static class AccessPolicy
{
    /// <summary>
    /// The one refusal, identical whether or not the resource exists, so a refusal tells nothing about other projects.
    /// Services answer it also for a resource looked up by id that does not exist when the principal is not root.
    /// </summary>
    public static Problem Denied { get; } = new(ProblemKind.Forbidden, "Forbidden",
        "This token does not allow this action here, or what it names does not exist.");

    /// <summary>Null when allowed, else <see cref="Denied"/>.</summary>
    public static Problem? Check(Principal principal, Permission permission, Guid? projectId = null, string? environment = null, string? secretPath = null) =>
        Allows(principal, permission, projectId, environment, secretPath) ? null : Denied;

    public static bool Allows(Principal principal, Permission permission, Guid? projectId = null, string? environment = null, string? secretPath = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.IsRoot || permission == Permission.Authenticated)
        {
            return true;
        }

        return permission switch
        {
            Permission.ProjectCreate or Permission.IdentityAdmin => false,
            Permission.ConnectionAdmin => HasConnectionAdmin(principal),
            Permission.ProjectRead => projectId is { } p && principal.Memberships.Any(m => m.ProjectId == p),
            Permission.SecretRead => Covers(principal, projectId, ProjectRoles.Viewer, environment, secretPath),
            Permission.SecretWrite => Covers(principal, projectId, ProjectRoles.Developer, environment, secretPath),
            Permission.RotationRead or Permission.GeneratedCredentialRead => Covers(principal, projectId, ProjectRoles.RotationAdmin, environment, secretPath),
            Permission.RotationManage => HasConnectionAdmin(principal) && Covers(principal, projectId, ProjectRoles.RotationAdmin, environment, secretPath),
            Permission.WebhookManage => CoversWholeProject(principal, projectId, ProjectRoles.RotationAdmin),
            Permission.MembershipManage or Permission.AuditRead => CoversWholeProject(principal, projectId, ProjectRoles.Admin),
            _ => false,
        };
    }

    /// <summary>The projects in which the principal holds any membership (null for root: every project).</summary>
    public static IReadOnlySet<Guid>? VisibleProjects(Principal principal) =>
        principal.IsRoot ? null : principal.Memberships.Select(m => m.ProjectId).ToHashSet();

    /// <summary>
    /// Whether the principal holds at least <paramref name="leastRole"/> in the project in some scope: the gate for a
    /// list that is then filtered item by item with <see cref="Allows"/> (a limited rotation-admin lists what it covers).
    /// </summary>
    public static bool HoldsRole(Principal principal, Guid projectId, string leastRole)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.IsRoot || principal.Memberships.Any(m => m.ProjectId == projectId && Rank(m.Role) >= Rank(leastRole));
    }

    private static bool HasConnectionAdmin(Principal principal) => principal.Grants.Contains(InstallationGrants.ConnectionAdmin);

    private static bool Covers(Principal principal, Guid? projectId, string leastRole, string? environment, string? secretPath) =>
        projectId is { } project && principal.Memberships.Any(m =>
            m.ProjectId == project && Rank(m.Role) >= Rank(leastRole) && CoversEnvironment(m, environment) && CoversPath(m, secretPath));

    private static bool CoversWholeProject(Principal principal, Guid? projectId, string leastRole) =>
        projectId is { } project && principal.Memberships.Any(m =>
            m.ProjectId == project && Rank(m.Role) >= Rank(leastRole) && m.Environments is null && m.SecretPathPrefixes is null);

    // A limited membership asked about "no particular environment" (a project-level question) does not cover it.
    private static bool CoversEnvironment(ProjectMembership m, string? environment) =>
        m.Environments is null || (environment is not null && m.Environments.Contains(environment, StringComparer.Ordinal));

    private static bool CoversPath(ProjectMembership m, string? secretPath) =>
        m.SecretPathPrefixes is null || (secretPath is not null && m.SecretPathPrefixes.Any(prefix => PathIsWithin(secretPath, prefix)));

    /// <summary>"/api" covers "/api" and "/api/v2", not "/apix"; "/" covers everything. Both are normalised paths.</summary>
    public static bool PathIsWithin(string path, string prefix) =>
        prefix == "/" || path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);

    private static int Rank(string role)
    {
        for (var i = 0; i < ProjectRoles.All.Count; i++)
        {
            if (ProjectRoles.All[i] == role)
            {
                return i;
            }
        }

        return -1;
    }
}
