namespace Keyturn.Core.Identities;

/// <summary>
/// The roles a membership gives an identity in one project, each with what it is meant to allow. The authorization
/// policy (Core/Access/AccessPolicy) ranks them in this order (docs/access.md).
/// </summary>
public static class ProjectRoles
{
    public const string Viewer = "viewer";
    public const string Developer = "developer";
    public const string RotationAdmin = "rotation-admin";
    public const string Admin = "admin";

    /// <summary>Every role, least to most.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Developer, RotationAdmin, Admin];

    /// <summary>Every role and its one-line meaning.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Viewer] = "reads secrets",
        [Developer] = "reads and writes secrets",
        [RotationAdmin] = "manages rotations and webhooks, uses connections (with the connection-admin grant) and reads generated credentials",
        [Admin] = "everything in the project, including its memberships",
    };

    public static bool IsKnown(string role) => Descriptions.ContainsKey(role);
}
