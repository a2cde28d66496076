using System.Net;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;
using static Keyturn.Server.Tests.Access.IdentityAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Memberships need MembershipManage on the route's project: an admin of that project without environment or path
/// limits. Anyone else, a project the admin is not in, and a project or membership that does not exist all get the
/// same 403; an admin gives roles only in its own project.
/// </summary>
public sealed class MembershipAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ApiClient Root => fixture.Server.Api;

    [Fact]
    public async Task ProjectAdmin_CreatesListsGetsAndDeletesMembershipsOfItsProject()
    {
        var project = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin");
        var newcomer = await IdentityAsync(Root);

        var created = (await AsAsync(admin, HttpMethod.Post, $"/api/v1/projects/{project}/memberships",
            new { identityId = newcomer, role = "developer", environments = new[] { "dev" } })).ShouldBe(HttpStatusCode.OK).Body["membership"]!;
        var id = created["id"]!.GetValue<string>();
        var listed = (await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{project}/memberships")).ShouldBe(HttpStatusCode.OK).Body["memberships"]!.AsArray();
        (await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{project}/memberships/{id}")).ShouldBe(HttpStatusCode.OK);
        (await AsAsync(admin, HttpMethod.Delete, $"/api/v1/projects/{project}/memberships/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, listed.Count);
        var audit = (await Root.GetAsync($"/api/v1/audit-logs?action=membership.created&resourceId={id}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
        Assert.Equal($"identity:{admin.IdentityId}", Assert.Single(audit)!["actor"]!.GetValue<string>());
        Assert.Single((await Root.GetAsync($"/api/v1/projects/{project}/memberships")).Body["memberships"]!.AsArray());
    }

    [Fact]
    public async Task ProjectAdmin_OtherProjectOrMissingOnes_Is403AlikeAndChangesNothing()
    {
        var project = await ProjectAsync(Root);
        var other = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin");
        var outsider = await IdentityAsync(Root);
        var otherMembership = await MembershipAsync(Root, other, outsider, "viewer");
        var missing = Guid.NewGuid();

        var refusals = new[]
        {
            // Escalation: an admin of one project gives itself (or anyone) a role in another.
            await AsAsync(admin, HttpMethod.Post, $"/api/v1/projects/{other}/memberships", new { identityId = admin.IdentityId, role = "admin" }),
            await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{other}/memberships"),
            await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{other}/memberships/{otherMembership}"),
            await AsAsync(admin, HttpMethod.Delete, $"/api/v1/projects/{other}/memberships/{otherMembership}"),
            await AsAsync(admin, HttpMethod.Post, $"/api/v1/projects/{missing}/memberships", new { identityId = outsider, role = "viewer" }),
            await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{missing}/memberships"),
            await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{project}/memberships/{missing}"),
            await AsAsync(admin, HttpMethod.Delete, $"/api/v1/projects/{project}/memberships/{missing}"),
            await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{project}/memberships/not-a-guid"),
            await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{other}/memberships/{admin.MembershipId}"),
        };

        Assert.All(refusals, r => r.ShouldBe(HttpStatusCode.Forbidden));
        Assert.Single(refusals.Select(Refusal).Distinct());
        Assert.Equal(AccessPolicy.Denied.Detail, refusals[0].Body["detail"]!.GetValue<string>());
        var otherMembers = (await Root.GetAsync($"/api/v1/projects/{other}/memberships")).ShouldBe(HttpStatusCode.OK).Body["memberships"]!.AsArray();
        Assert.Equal(otherMembership, Assert.Single(otherMembers)!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("viewer", null, null)]
    [InlineData("developer", null, null)]
    [InlineData("rotation-admin", null, null)]
    [InlineData("admin", "dev", null)]
    [InlineData("admin", null, "/api")]
    public async Task LesserRoleOrLimitedAdmin_Is403OnEveryMembershipRoute(string role, string? environment, string? prefix)
    {
        var project = await ProjectAsync(Root);
        var member = await MemberAsync(Root, project, role, environment is null ? null : [environment], prefix is null ? null : [prefix], connectionAdmin: true);
        var newcomer = await IdentityAsync(Root);

        var refusals = new[]
        {
            await AsAsync(member, HttpMethod.Post, $"/api/v1/projects/{project}/memberships", new { identityId = newcomer, role = "viewer" }),
            await AsAsync(member, HttpMethod.Get, $"/api/v1/projects/{project}/memberships"),
            await AsAsync(member, HttpMethod.Get, $"/api/v1/projects/{project}/memberships/{member.MembershipId}"),
            await AsAsync(member, HttpMethod.Delete, $"/api/v1/projects/{project}/memberships/{member.MembershipId}"),
        };

        Assert.All(refusals, r => r.ShouldBe(HttpStatusCode.Forbidden));
        Assert.Single((await Root.GetAsync($"/api/v1/projects/{project}/memberships")).Body["memberships"]!.AsArray());
    }

    [Fact]
    public async Task MembershipRemoved_AdminIsRefusedOnItsNextRequest()
    {
        var project = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin");
        (await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{project}/memberships")).ShouldBe(HttpStatusCode.OK);

        (await Root.DeleteAsync($"/api/v1/projects/{project}/memberships/{admin.MembershipId}")).ShouldBe(HttpStatusCode.OK);

        (await AsAsync(admin, HttpMethod.Get, $"/api/v1/projects/{project}/memberships")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NoToken_Is401()
    {
        var project = await ProjectAsync(Root);

        (await Root.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/memberships", null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Root.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/memberships", new { identityId = Guid.NewGuid(), role = "admin" }, noToken: true))
            .ShouldBe(HttpStatusCode.Unauthorized);
    }

    private Task<ApiResponse> AsAsync(Member member, HttpMethod method, string path, object? body = null) =>
        Root.SendAsync(method, path, body, tokenOverride: member.Token);
}
