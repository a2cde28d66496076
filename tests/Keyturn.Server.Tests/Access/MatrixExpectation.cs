using Keyturn.Core.Access;

namespace Keyturn.Server.Tests.Access;

public enum MatrixOutcome
{
    Success,
    Unauthorized,
    Forbidden,
}

/// <summary>
/// The designed answer for one principal, route and target: anonymous routes answer everyone; no token or a revoked
/// one is 401; otherwise <see cref="AccessPolicy"/> decides with the route's declared permission in the target's scope.
/// </summary>
public static class MatrixExpectation
{
    public static MatrixOutcome For(PermissionMatrixFixture fixture, LiveRoute route, MatrixPrincipal principal, MatrixTarget target)
    {
        if (route.IsAnonymous)
        {
            return MatrixOutcome.Success;
        }

        if (fixture.DesignedPrincipal(principal) is not { } designed)
        {
            return MatrixOutcome.Unauthorized;
        }

        var project = target.HasProject ? Guid.Parse(fixture.ProjectOf(target)) : (Guid?)null;
        var permission = route.Declaration!.Permission;
        var allowed = target.AnywhereInProject
            // Somewhere in the project: in the scope of one of the principal's own memberships there (or, for root, anywhere).
            ? AccessPolicy.Allows(designed, permission, project) || designed.Memberships.Any(m => m.ProjectId == project
                && AccessPolicy.Allows(designed, permission, project, m.Environments?[0], m.SecretPathPrefixes?[0]))
            : AccessPolicy.Allows(designed, permission, project, target.Environment, target.SecretPath);
        return allowed ? MatrixOutcome.Success : MatrixOutcome.Forbidden;
    }
}
