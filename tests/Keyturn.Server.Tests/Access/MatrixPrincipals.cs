using Keyturn.Core.Access;
using Keyturn.Core.Identities;

namespace Keyturn.Server.Tests.Access;

/// <summary>Who sends the matrix's requests. Every identity kind holds memberships only in the matrix's home project.</summary>
public enum MatrixPrincipal
{
    NoToken,
    RevokedToken,
    Root,
    NoMembership,
    Viewer,
    Developer,
    RotationAdmin,
    RotationAdminWithConnectionAdmin,
    Admin,
    AdminLimitedToDevApi,
    ConnectionAdminOnly,
}

/// <summary>What each identity kind holds: one membership in the home project (or none) and its installation grants.</summary>
public sealed record MatrixHolding(string? Role, string[]? Environments, string[]? SecretPathPrefixes, string[] Grants)
{
    public static MatrixHolding? Of(MatrixPrincipal principal) => principal switch
    {
        MatrixPrincipal.NoMembership => new(null, null, null, []),
        MatrixPrincipal.Viewer => new(ProjectRoles.Viewer, null, null, []),
        MatrixPrincipal.Developer => new(ProjectRoles.Developer, null, null, []),
        MatrixPrincipal.RotationAdmin => new(ProjectRoles.RotationAdmin, null, null, []),
        MatrixPrincipal.RotationAdminWithConnectionAdmin => new(ProjectRoles.RotationAdmin, null, null, [InstallationGrants.ConnectionAdmin]),
        MatrixPrincipal.Admin => new(ProjectRoles.Admin, null, null, []),
        MatrixPrincipal.AdminLimitedToDevApi => new(ProjectRoles.Admin, ["dev"], ["/api"], []),
        MatrixPrincipal.ConnectionAdminOnly => new(null, null, null, [InstallationGrants.ConnectionAdmin]),
        _ => null,
    };

    /// <summary>
    /// The <see cref="Principal"/> this holding is by design, built here from the holding rather than read back from the
    /// server, so the expected outcome comes from <see cref="AccessPolicy"/> and the design, not from the implementation.
    /// </summary>
    public Principal ToPrincipal(Guid homeProject)
    {
        var identity = Guid.NewGuid();
        ProjectMembership[] memberships = Role is null
            ? []
            : [new ProjectMembership(Guid.NewGuid(), homeProject, identity, Role, Environments, SecretPathPrefixes, DateTimeOffset.UnixEpoch)];
        return Principal.Identity(identity, memberships, Grants, null);
    }
}
