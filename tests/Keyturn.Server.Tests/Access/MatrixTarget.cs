namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Where a matrix request points: the home project (where the identities' memberships are) or the other project (where
/// none are), and for folder-scoped routes the environment and secret path. The limited admin covers environment dev
/// and prefix /api, so "/apix" checks that a prefix is matched by segment, not by characters.
/// </summary>
/// <paramref name="AnywhereInProject"/> marks a list of a project's folder-scoped items (its rotations): allowed when the
/// principal holds the permission somewhere in the project, and then filtered to what it covers.
public sealed record MatrixTarget(string Name, bool HasProject, bool OtherProject, string? Environment, string? SecretPath, bool AnywhereInProject = false)
{
    public static readonly MatrixTarget Installation = new("installation", false, false, null, null);

    public static readonly MatrixTarget[] Installations = [Installation];

    public static readonly MatrixTarget[] Projects =
    [
        new("home project", true, false, null, null),
        new("other project", true, true, null, null),
    ];

    public static readonly MatrixTarget[] ProjectsListingScopedItems =
    [
        new("home project, anywhere in it", true, false, null, null, AnywhereInProject: true),
        new("other project, anywhere in it", true, true, null, null, AnywhereInProject: true),
    ];

    public static readonly MatrixTarget[] Folders =
    [
        new("dev:/api", true, false, "dev", "/api"),
        new("dev:/api/deeper", true, false, "dev", "/api/deeper"),
        new("prod:/api (other environment)", true, false, "prod", "/api"),
        new("dev:/apix (other path)", true, false, "dev", "/apix"),
        new("dev:/ (path above the prefix)", true, false, "dev", "/"),
        new("other project dev:/api", true, true, "dev", "/api"),
    ];

    public override string ToString() => Name;
}
