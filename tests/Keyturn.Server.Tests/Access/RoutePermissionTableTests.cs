using Keyturn.Core.Access;
using Keyturn.Core.Identities;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// The live route table against the access design: every /api route declares a permission that <see cref="AccessPolicy"/>
/// knows, and only the login is anonymous. Read from the running server, so a route added later cannot skip its check.
/// </summary>
public sealed class RoutePermissionTableTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>Permissions no identity can hold by design: only API tokens (root) have them.</summary>
    private static readonly Permission[] RootOnly = [Permission.ProjectCreate, Permission.IdentityAdmin];

    private const string Login = "POST /api/v1/auth/universal-auth/login";

    /// <summary>
    /// The routes that may be anonymous: the login (how a token is obtained) and Infisical's token renewal (the token in
    /// its body is the proof, so it takes no bearer).
    /// </summary>
    private static readonly string[] MayBeAnonymous = [Login, "POST /api/v1/auth/token/renew"];

    private IReadOnlyDictionary<string, LiveRoute> Routes => LiveRoutes.Of(fixture.Server.Host.Services);

    [Fact]
    public void EveryApiRoute_DeclaresAPermission()
    {
        Assert.NotEmpty(Routes);

        var undeclared = Routes.Values.Where(r => r.Declaration is null).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();

        Assert.True(undeclared.Count == 0, "Routes without a declared permission (add them to RouteDeclarations): " + string.Join("; ", undeclared));
    }

    [Fact]
    public void EveryDeclaredPermission_IsOneAccessPolicyKnows()
    {
        var unknown = Routes.Values.Where(r => r.Declaration is { } d && !Known(d.Permission))
            .Select(r => $"{r.Key}: {r.Declaration!.Permission}").ToList();

        Assert.True(unknown.Count == 0, "Routes whose permission AccessPolicy grants to no identity (teach AccessPolicy, or list it as root-only here): " + string.Join("; ", unknown));
    }

    [Fact]
    public void OnlyTheLogin_IsAnonymous()
    {
        var anonymous = Routes.Values.Where(r => r.IsAnonymous).Select(r => r.Key).ToList();

        Assert.Contains(Login, anonymous);
        var unexpected = anonymous.Except(MayBeAnonymous).ToList();
        Assert.True(unexpected.Count == 0, "Routes that answer without a token but should not: " + string.Join("; ", unexpected));
    }

    /// <summary>
    /// A permission the policy has a rule for: defined, and either root-only by design or granted to the strongest
    /// identity (a whole-project admin with every installation grant) somewhere. A new enum value the policy's switch
    /// forgot falls to its default refusal and fails here.
    /// </summary>
    private static bool Known(Permission permission)
    {
        if (!Enum.IsDefined(permission))
        {
            return false;
        }

        if (RootOnly.Contains(permission))
        {
            return true;
        }

        var project = Guid.NewGuid();
        var identity = Guid.NewGuid();
        var strongest = Principal.Identity(identity, [new ProjectMembership(Guid.NewGuid(), project, identity, ProjectRoles.Admin, null, null, DateTimeOffset.UnixEpoch)],
            InstallationGrants.All.ToArray(), null);
        return AccessPolicy.Allows(strongest, permission) || AccessPolicy.Allows(strongest, permission, project, "dev", "/");
    }
}
