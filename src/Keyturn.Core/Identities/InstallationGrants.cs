namespace Keyturn.Core.Identities;

/// <summary>
/// Rights an identity holds across the installation rather than in one project. Connections are installation-wide,
/// so creating or using one needs <see cref="ConnectionAdmin"/>: a project admin cannot borrow a connection's rights.
/// </summary>
public static class InstallationGrants
{
    public const string ConnectionAdmin = "connection-admin";

    public static IReadOnlyList<string> All { get; } = [ConnectionAdmin];

    public static bool IsKnown(string grant) => All.Contains(grant, StringComparer.Ordinal);
}
