using Keyturn.Core.Access;
using Keyturn.Core.Identities;

namespace Keyturn.Core.Tests.Access;

/// <summary><see cref="AccessPolicy"/>: the role ladder, environment and path scopes, whole-project rights and the installation grant.</summary>
public sealed class AccessPolicyTests
{
    private static readonly Guid Project = Guid.NewGuid();
    private static readonly Guid OtherProject = Guid.NewGuid();

    private static Principal Member(string role, string[]? environments = null, string[]? paths = null, params string[] grants)
    {
        var identity = Guid.NewGuid();
        var membership = new ProjectMembership(Guid.NewGuid(), Project, identity, role, environments, paths, DateTimeOffset.UnixEpoch);
        return Principal.Identity(identity, [membership], grants, "127.0.0.1");
    }

    private static Principal Granted(params string[] grants) => Principal.Identity(Guid.NewGuid(), [], grants, null);

    // The least role each project permission needs, whole-project ones marked: the ladder as the design states it.
    [Theory]
    [InlineData(Permission.SecretRead, "viewer")]
    [InlineData(Permission.SecretWrite, "developer")]
    [InlineData(Permission.RotationRead, "rotation-admin")]
    [InlineData(Permission.GeneratedCredentialRead, "rotation-admin")]
    [InlineData(Permission.WebhookManage, "rotation-admin")]
    [InlineData(Permission.MembershipManage, "admin")]
    [InlineData(Permission.AuditRead, "admin")]
    [InlineData(Permission.ProjectRead, "viewer")]
    public void Allows_EachRole_FromTheLeastRoleUp(Permission permission, string leastRole)
    {
        var least = ProjectRoles.All.ToList().IndexOf(leastRole);

        foreach (var (role, rank) in ProjectRoles.All.Select((r, i) => (r, i)))
        {
            Assert.True(rank >= least == AccessPolicy.Allows(Member(role), permission, Project, "dev", "/api"), $"{role} and {permission}");
        }
    }

    [Fact]
    public void Allows_RotationManage_NeedsRotationAdminAndTheConnectionAdminGrant()
    {
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.RotationAdmin), Permission.RotationManage, Project, "dev", "/"));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Admin), Permission.RotationManage, Project, "dev", "/"));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Developer, grants: InstallationGrants.ConnectionAdmin), Permission.RotationManage, Project, "dev", "/"));
        Assert.False(AccessPolicy.Allows(Granted(InstallationGrants.ConnectionAdmin), Permission.RotationManage, Project, "dev", "/"));
        Assert.True(AccessPolicy.Allows(Member(ProjectRoles.RotationAdmin, grants: InstallationGrants.ConnectionAdmin), Permission.RotationManage, Project, "dev", "/"));
        Assert.True(AccessPolicy.Allows(Member(ProjectRoles.Admin, grants: InstallationGrants.ConnectionAdmin), Permission.RotationManage, Project, "dev", "/"));
    }

    [Fact]
    public void Allows_ConnectionAdmin_OnlyWithTheGrantWhateverTheRole()
    {
        Assert.True(AccessPolicy.Allows(Granted(InstallationGrants.ConnectionAdmin), Permission.ConnectionAdmin));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Admin), Permission.ConnectionAdmin));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Admin), Permission.ConnectionAdmin, Project, "dev", "/"));
    }

    [Fact]
    public void Allows_OtherProject_Never()
    {
        var admin = Member(ProjectRoles.Admin, grants: InstallationGrants.ConnectionAdmin);

        foreach (var permission in Enum.GetValues<Permission>().Where(p => p is not (Permission.Authenticated or Permission.ConnectionAdmin)))
        {
            Assert.False(AccessPolicy.Allows(admin, permission, OtherProject, "dev", "/"), permission.ToString());
        }
    }

    [Fact]
    public void Allows_EnvironmentLimited_OnlyItsEnvironments()
    {
        var viewer = Member(ProjectRoles.Viewer, environments: ["dev", "staging"]);

        Assert.True(AccessPolicy.Allows(viewer, Permission.SecretRead, Project, "dev", "/"));
        Assert.True(AccessPolicy.Allows(viewer, Permission.SecretRead, Project, "staging", "/x"));
        Assert.False(AccessPolicy.Allows(viewer, Permission.SecretRead, Project, "prod", "/"));
        Assert.False(AccessPolicy.Allows(viewer, Permission.SecretRead, Project, "Dev", "/"));
        // A project-level question (no environment named) is not covered by an environment-limited membership.
        Assert.False(AccessPolicy.Allows(viewer, Permission.SecretRead, Project, null, "/"));
    }

    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/x", true)]
    [InlineData("/api/x/y", true)]
    [InlineData("/apix", false)]
    [InlineData("/ap", false)]
    [InlineData("/", false)]
    [InlineData("/other/api", false)]
    public void Allows_PathLimited_PrefixCoversItselfAndBelowOnly(string path, bool allowed)
    {
        var developer = Member(ProjectRoles.Developer, paths: ["/api"]);

        Assert.Equal(allowed, AccessPolicy.Allows(developer, Permission.SecretWrite, Project, "prod", path));
        Assert.Equal(allowed, AccessPolicy.PathIsWithin(path, "/api"));
    }

    [Fact]
    public void Allows_PathLimited_NoPathNamed_NotCovered()
    {
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Viewer, paths: ["/api"]), Permission.SecretRead, Project, "dev", null));
        Assert.True(AccessPolicy.Allows(Member(ProjectRoles.Viewer), Permission.SecretRead, Project, "dev", null));
    }

    [Fact]
    public void Allows_RootPrefix_CoversEveryPath()
    {
        var viewer = Member(ProjectRoles.Viewer, paths: ["/"]);

        Assert.True(AccessPolicy.Allows(viewer, Permission.SecretRead, Project, "dev", "/"));
        Assert.True(AccessPolicy.Allows(viewer, Permission.SecretRead, Project, "dev", "/deep/path"));
    }

    [Fact]
    public void Allows_BothLimits_NeedsBoth()
    {
        var admin = Member(ProjectRoles.Admin, environments: ["dev"], paths: ["/api"], grants: InstallationGrants.ConnectionAdmin);

        Assert.True(AccessPolicy.Allows(admin, Permission.RotationManage, Project, "dev", "/api/v2"));
        Assert.False(AccessPolicy.Allows(admin, Permission.RotationManage, Project, "prod", "/api"));
        Assert.False(AccessPolicy.Allows(admin, Permission.RotationManage, Project, "dev", "/apix"));
    }

    [Theory]
    [InlineData(Permission.WebhookManage)]
    [InlineData(Permission.MembershipManage)]
    [InlineData(Permission.AuditRead)]
    public void Allows_WholeProjectPermission_RefusedToAnyLimitedMembership(Permission permission)
    {
        Assert.True(AccessPolicy.Allows(Member(ProjectRoles.Admin), permission, Project));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Admin, environments: ["dev"]), permission, Project));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Admin, paths: ["/"]), permission, Project));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Admin, environments: ["dev"]), permission, Project, "dev", "/"));
    }

    [Fact]
    public void Allows_ProjectRead_AnyMembershipEvenLimited()
    {
        Assert.True(AccessPolicy.Allows(Member(ProjectRoles.Viewer, environments: ["dev"], paths: ["/api"]), Permission.ProjectRead, Project));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Viewer), Permission.ProjectRead, OtherProject));
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Viewer), Permission.ProjectRead));
    }

    [Fact]
    public void Allows_AuditRead_InstallationWide_OnlyRoot()
    {
        Assert.False(AccessPolicy.Allows(Member(ProjectRoles.Admin, grants: InstallationGrants.ConnectionAdmin), Permission.AuditRead));
        Assert.True(AccessPolicy.Allows(Principal.Root("token:root"), Permission.AuditRead));
    }

    [Fact]
    public void Allows_Root_Everything()
    {
        var root = Principal.Root("token:root");

        foreach (var permission in Enum.GetValues<Permission>())
        {
            Assert.True(AccessPolicy.Allows(root, permission), permission.ToString());
            Assert.True(AccessPolicy.Allows(root, permission, OtherProject, "prod", "/anything"), permission.ToString());
            Assert.Null(AccessPolicy.Check(root, permission, OtherProject, "prod", "/anything"));
        }
    }

    [Theory]
    [InlineData(Permission.ProjectCreate)]
    [InlineData(Permission.IdentityAdmin)]
    public void Allows_InstallationAdministration_NeverAnIdentity(Permission permission)
    {
        var strongest = Member(ProjectRoles.Admin, grants: InstallationGrants.ConnectionAdmin);

        Assert.False(AccessPolicy.Allows(strongest, permission));
        Assert.False(AccessPolicy.Allows(strongest, permission, Project, "dev", "/"));
        Assert.Same(AccessPolicy.Denied, AccessPolicy.Check(strongest, permission, Project));
    }

    [Fact]
    public void Allows_Authenticated_AnyIdentityEvenWithoutMemberships()
    {
        Assert.True(AccessPolicy.Allows(Granted(), Permission.Authenticated));
    }

    [Fact]
    public void Allows_NoMembership_NothingScoped()
    {
        var nobody = Granted();

        foreach (var permission in Enum.GetValues<Permission>().Where(p => p != Permission.Authenticated))
        {
            Assert.False(AccessPolicy.Allows(nobody, permission, Project, "dev", "/"), permission.ToString());
        }
    }

    [Fact]
    public void Check_Refusal_IsTheOneForbiddenProblem()
    {
        var refused = AccessPolicy.Check(Member(ProjectRoles.Viewer), Permission.SecretWrite, Project, "dev", "/");

        Assert.Same(AccessPolicy.Denied, refused);
        Assert.Equal(Keyturn.Core.Results.ProblemKind.Forbidden, refused!.Kind);
        Assert.Null(AccessPolicy.Check(Member(ProjectRoles.Developer), Permission.SecretWrite, Project, "dev", "/"));
    }

    [Fact]
    public void VisibleProjects_MembershipsProjects_RootNull()
    {
        Assert.Null(AccessPolicy.VisibleProjects(Principal.Root("token:root")));
        Assert.Equal([Project], AccessPolicy.VisibleProjects(Member(ProjectRoles.Viewer, environments: ["dev"]))!);
        Assert.Empty(AccessPolicy.VisibleProjects(Granted(InstallationGrants.ConnectionAdmin))!);
    }
}
