namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Where a matrix request points: the home project (where the identities' memberships are) or the other project (where
/// none are), and for folder-scoped routes the environment and secret path. The limited admin covers environment dev
/// and prefix /api, so "/apix" checks that a prefix is matched by segment, not by characters.
/// </summary>
public sealed record MatrixTarget(string Name, bool HasProject, bool OtherProject, string? Environment, string? SecretPath)
{
    public static readonly MatrixTarget Installation = new("installation", false, false, null, null);

    public static readonly MatrixTarget[] Installations = [Installation];

    public static readonly MatrixTarget[] Projects =
    [
        new("home project", true, false, null, null),
        new("other project", true, true, null, null),
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
