using System.Net;
using Keyturn.Core.Access;
using Keyturn.Server.Tests.Support;
using static Keyturn.Server.Tests.Access.IdentityAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// The audit trail: the root token reads all of it; a project's admin (no limits) lists only its project's entries and
/// must name the project; the chain is the root token's alone.
/// </summary>
public sealed class AuditAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ApiClient Root => fixture.Server.Api;

    [Fact]
    public async Task ProjectAdmin_ListsItsProjectsEntriesOnly()
    {
        var project = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin");

        var listed = (await AsAsync(admin, $"/api/v1/audit-logs?projectId={project}&limit=1000")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();

        Assert.Contains(listed, e => e!["action"]!.GetValue<string>() == "membership.created");
        Assert.All(listed, e => Assert.Equal(project, e!["projectId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ProjectAdmin_WithoutProjectOtherOrMissingProjectOrChain_Is403Alike()
    {
        var project = await ProjectAsync(Root);
        var other = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin");

        var refusals = new[]
        {
            await AsAsync(admin, "/api/v1/audit-logs"),
            await AsAsync(admin, $"/api/v1/audit-logs?projectId={other}"),
            await AsAsync(admin, $"/api/v1/audit-logs?projectId={Guid.NewGuid()}"),
            await AsAsync(admin, $"/api/v1/audit-logs?actor=token:root"),
            await AsAsync(admin, "/api/v1/audit-logs/chain"),
            await AsAsync(admin, $"/api/v1/audit-logs/chain?after=0&limit=10"),
        };

        Assert.All(refusals, r => r.ShouldBe(HttpStatusCode.Forbidden));
        Assert.Single(refusals.Select(Refusal).Distinct());
        Assert.Equal(AccessPolicy.Denied.Detail, refusals[0].Body["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("viewer", null)]
    [InlineData("rotation-admin", null)]
    [InlineData("admin", "prod")]
    public async Task LesserRoleOrLimitedAdmin_Is403ForItsProject(string role, string? environment)
    {
        var project = await ProjectAsync(Root);
        var member = await MemberAsync(Root, project, role, environment is null ? null : [environment], connectionAdmin: true);

        (await AsAsync(member, $"/api/v1/audit-logs?projectId={project}")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Root_ReadsEverythingAndTheChain()
    {
        var project = await ProjectAsync(Root);

        (await Root.GetAsync("/api/v1/audit-logs")).ShouldBe(HttpStatusCode.OK);
        Assert.NotEmpty((await Root.GetAsync($"/api/v1/audit-logs?projectId={project}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray());
        Assert.NotEmpty((await Root.GetAsync("/api/v1/audit-logs/chain?limit=5")).ShouldBe(HttpStatusCode.OK).Body["entries"]!.AsArray());
    }

    [Fact]
    public async Task NoToken_Is401()
    {
        (await Root.SendAsync(HttpMethod.Get, "/api/v1/audit-logs", null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Root.SendAsync(HttpMethod.Get, "/api/v1/audit-logs/chain", null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BadFilter_Is400NamingTheField_BeforeAnyLookup()
    {
        var project = await ProjectAsync(Root);
        var admin = await MemberAsync(Root, project, "admin");

        var response = await AsAsync(admin, "/api/v1/audit-logs?projectId=not-a-guid");

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor("projectId"));
    }

    private Task<ApiResponse> AsAsync(Member member, string path) => Root.SendAsync(HttpMethod.Get, path, null, tokenOverride: member.Token);
}
