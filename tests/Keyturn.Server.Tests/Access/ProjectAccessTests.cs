using System.Net;
using Keyturn.Server.Tests.Support;
using static Keyturn.Server.Tests.Access.SecretAccessIdentities;

namespace Keyturn.Server.Tests.Access;

/// <summary>
/// Who may create, list and read projects: only API tokens create them; an identity lists and reads the projects it
/// holds a membership in (any role, any scope), and gets the one 403 for every other id, whether or not it exists.
/// </summary>
public sealed class ProjectAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Projects = "/api/v1/projects";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_ByAnyIdentity_IsDeniedAndCreatesNothing()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var admin = await LoggedInAsync(Server.Api, projectId, "admin");
        var name = $"escalated-{Guid.NewGuid():N}";

        (await admin.PostAsync(Projects, new { projectName = name })).ShouldBeDenied();

        var all = (await Server.Api.GetAsync(Projects)).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray();
        Assert.DoesNotContain(all, p => p!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task List_ShowsAnIdentityOnlyItsProjects_AndRootEveryProject()
    {
        var first = await Scenario.CreateProjectAsync(Server);
        var second = await Scenario.CreateProjectAsync(Server);
        var other = await Scenario.CreateProjectAsync(Server);
        var member = await LoggedInAsync(Server.Api, first, "viewer", environments: ["prod"], secretPathPrefixes: ["/narrow"]);
        (await Server.Api.PostAsync($"/api/v1/projects/{second}/memberships", new { identityId = member.IdentityId, role = "developer" })).ShouldBe(HttpStatusCode.OK);
        var stranger = await LoggedInAsync(Server.Api, null, null);

        var listed = (await member.GetAsync(Projects)).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray();
        var strangers = (await stranger.GetAsync(Projects)).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray();
        var roots = (await Server.Api.GetAsync(Projects)).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray();

        Assert.Equal(new[] { first, second }.Order(), listed.Select(p => p!["id"]!.GetValue<string>()).Order());
        Assert.All(listed, p => Assert.Equal(3, p!["environments"]!.AsArray().Count));
        Assert.Empty(strangers);
        Assert.Superset(new HashSet<string> { first, second, other }, roots.Select(p => p!["id"]!.GetValue<string>()).ToHashSet());
    }

    [Fact]
    public async Task Get_MemberReadsIt_NonMemberAndNonexistentGetTheSameRefusal()
    {
        var mine = await Scenario.CreateProjectAsync(Server, "Mine");
        var theirs = await Scenario.CreateProjectAsync(Server);
        var member = await LoggedInAsync(Server.Api, mine, "viewer", environments: ["dev"]);

        var got = (await member.GetAsync($"{Projects}/{mine}")).ShouldBe(HttpStatusCode.OK).Body["project"]!;
        var existing = await member.GetAsync($"{Projects}/{theirs}");
        var missing = await member.GetAsync($"{Projects}/{Guid.NewGuid()}");
        var malformed = await member.GetAsync($"{Projects}/not-a-guid");

        Assert.Equal("Mine", got["name"]!.GetValue<string>());
        existing.ShouldBeDenied();
        missing.ShouldBeDenied();
        malformed.ShouldBeDenied();
        Assert.Equal(existing.Body["detail"]!.GetValue<string>(), missing.Body["detail"]!.GetValue<string>());
        Assert.DoesNotContain(theirs, existing.Text, StringComparison.Ordinal);
        (await Server.Api.GetAsync($"{Projects}/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MembershipRemoved_ProjectDisappearsOnTheNextRequest()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var member = await LoggedInAsync(Server.Api, projectId, "developer");
        (await member.GetAsync($"{Projects}/{projectId}")).ShouldBe(HttpStatusCode.OK);
        var membershipId = (await Server.Api.GetAsync($"/api/v1/projects/{projectId}/memberships")).Body["memberships"]!.AsArray()
            .Single(m => m!["identityId"]!.GetValue<string>() == member.IdentityId)!["id"]!.GetValue<string>();

        (await Server.Api.DeleteAsync($"/api/v1/projects/{projectId}/memberships/{membershipId}")).ShouldBe(HttpStatusCode.OK);

        (await member.GetAsync($"{Projects}/{projectId}")).ShouldBeDenied();
        Assert.Empty((await member.GetAsync(Projects)).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray());
    }

    [Fact]
    public async Task NoToken_EveryRouteIs401()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);

        (await Server.Api.SendAsync(HttpMethod.Post, Projects, new { projectName = "anonymous" }, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Server.Api.SendAsync(HttpMethod.Get, Projects, null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Server.Api.SendAsync(HttpMethod.Get, $"{Projects}/{projectId}", null, noToken: true)).ShouldBe(HttpStatusCode.Unauthorized);
    }
}
