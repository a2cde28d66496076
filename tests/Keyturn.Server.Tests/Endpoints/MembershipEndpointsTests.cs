using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>/api/v1/projects/{projectId}/memberships and /api/v1/identities/{id}/grants, with the root token.</summary>
public sealed class MembershipEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ApiClient Api => fixture.Server.Api;

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Create_ScopedMembership_NormalisesPrefixesAndGetListFindIt()
    {
        var (project, identity) = await CreatePartiesAsync();

        var created = (await Api.PostAsync($"/api/v1/projects/{project}/memberships",
                new { identityId = identity, role = "developer", environments = new[] { "dev", "prod" }, secretPathPrefixes = new[] { "/api/", "/db" } }))
            .ShouldBe(HttpStatusCode.OK).Body["membership"]!;
        var id = created["id"]!.GetValue<string>();

        Assert.Equal(project, created["projectId"]!.GetValue<string>());
        Assert.Equal(identity, created["identityId"]!.GetValue<string>());
        Assert.Equal("developer", created["role"]!.GetValue<string>());
        Assert.Equal(["dev", "prod"], created["environments"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["/api", "/db"], created["secretPathPrefixes"]!.AsArray().Select(e => e!.GetValue<string>()));
        var got = (await Api.GetAsync($"/api/v1/projects/{project}/memberships/{id}")).ShouldBe(HttpStatusCode.OK).Body["membership"]!;
        Assert.Equal("developer", got["role"]!.GetValue<string>());
        var list = (await Api.GetAsync($"/api/v1/projects/{project}/memberships")).ShouldBe(HttpStatusCode.OK).Body["memberships"]!.AsArray();
        Assert.Equal(id, Assert.Single(list)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAndDelete_AreAuditedWithRoleAndScopes()
    {
        var (project, identity) = await CreatePartiesAsync();
        var id = (await Api.PostAsync($"/api/v1/projects/{project}/memberships", new { identityId = identity, role = "viewer", environments = new[] { "staging" } }))
            .ShouldBe(HttpStatusCode.OK).Body["membership"]!["id"]!.GetValue<string>();
        (await Api.DeleteAsync($"/api/v1/projects/{project}/memberships/{id}")).ShouldBe(HttpStatusCode.OK);

        var created = (await Api.GetAsync($"/api/v1/audit-logs?action=membership.created&projectId={project}")).ShouldBe(HttpStatusCode.OK)
            .Body["auditLogs"]!.AsArray();
        var entry = Assert.Single(created)!;
        Assert.Equal(id, entry["resourceId"]!.GetValue<string>());
        Assert.Equal("viewer", entry["details"]!["role"]!.GetValue<string>());
        Assert.Equal(identity, entry["details"]!["identityId"]!.GetValue<string>());
        Assert.Equal("staging", entry["details"]!["environments"]![0]!.GetValue<string>());
        var deleted = (await Api.GetAsync($"/api/v1/audit-logs?action=membership.deleted&projectId={project}")).Body["auditLogs"]!.AsArray();
        Assert.Equal(id, Assert.Single(deleted)!["resourceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_WithoutScopes_MeansAllAndShowsNull()
    {
        var (project, identity) = await CreatePartiesAsync();

        var created = (await Api.PostAsync($"/api/v1/projects/{project}/memberships", new { identityId = identity, role = "viewer" }))
            .ShouldBe(HttpStatusCode.OK).Body["membership"]!;

        Assert.Null(created["environments"]);
        Assert.Null(created["secretPathPrefixes"]);
    }

    [Theory]
    [InlineData("""{"role":"viewer"}""", "identityId")]
    [InlineData("""{"identityId":"{identity}","role":"owner"}""", "role")]
    [InlineData("""{"identityId":"{identity}"}""", "role")]
    [InlineData("""{"identityId":"{identity}","role":"viewer","environments":["dev","qa"]}""", "environments[1]")]
    [InlineData("""{"identityId":"{identity}","role":"viewer","environments":[]}""", "environments")]
    [InlineData("""{"identityId":"{identity}","role":"viewer","secretPathPrefixes":["api"]}""", "secretPathPrefixes[0]")]
    [InlineData("""{"identityId":"{identity}","role":"viewer","secretPathPrefixes":["/a","/api/../x"]}""", "secretPathPrefixes[1]")]
    [InlineData("""{"identityId":"{identity}","role":"viewer","scope":"all"}""", "scope")]
    public async Task Create_BadBody_Is400NamingTheFieldAndCreatesNothing(string body, string field)
    {
        var (project, identity) = await CreatePartiesAsync();

        var response = await Api.PostRawAsync($"/api/v1/projects/{project}/memberships", body.Replace("{identity}", identity, StringComparison.Ordinal));

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.Empty((await Api.GetAsync($"/api/v1/projects/{project}/memberships")).Body["memberships"]!.AsArray());
    }

    [Fact]
    public async Task Create_SecondForSameIdentity_Is409AndKeepsFirst()
    {
        var (project, identity) = await CreatePartiesAsync();
        (await Api.PostAsync($"/api/v1/projects/{project}/memberships", new { identityId = identity, role = "viewer" })).ShouldBe(HttpStatusCode.OK);

        (await Api.PostAsync($"/api/v1/projects/{project}/memberships", new { identityId = identity, role = "admin" })).ShouldBe(HttpStatusCode.Conflict);

        var list = (await Api.GetAsync($"/api/v1/projects/{project}/memberships")).Body["memberships"]!.AsArray();
        Assert.Equal("viewer", Assert.Single(list)!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownProjectIdentityOrMembership_Is404()
    {
        var (project, identity) = await CreatePartiesAsync();
        var nobody = Guid.NewGuid();

        (await Api.PostAsync($"/api/v1/projects/{nobody}/memberships", new { identityId = identity, role = "viewer" })).ShouldBe(HttpStatusCode.NotFound);
        (await Api.PostAsync($"/api/v1/projects/{project}/memberships", new { identityId = nobody, role = "viewer" })).ShouldBe(HttpStatusCode.NotFound);
        (await Api.GetAsync($"/api/v1/projects/{nobody}/memberships")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.GetAsync($"/api/v1/projects/{project}/memberships/{nobody}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.DeleteAsync($"/api/v1/projects/{project}/memberships/{nobody}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.GetAsync($"/api/v1/projects/{project}/memberships/not-a-guid")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RemovesItOnlyInItsProject()
    {
        var (project, identity) = await CreatePartiesAsync();
        var (otherProject, _) = await CreatePartiesAsync();
        var id = (await Api.PostAsync($"/api/v1/projects/{project}/memberships", new { identityId = identity, role = "admin" }))
            .ShouldBe(HttpStatusCode.OK).Body["membership"]!["id"]!.GetValue<string>();

        (await Api.DeleteAsync($"/api/v1/projects/{otherProject}/memberships/{id}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.DeleteAsync($"/api/v1/projects/{project}/memberships/{id}")).ShouldBe(HttpStatusCode.OK);

        (await Api.GetAsync($"/api/v1/projects/{project}/memberships/{id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteIdentity_TakesItsMemberships()
    {
        var (project, identity) = await CreatePartiesAsync();
        (await Api.PostAsync($"/api/v1/projects/{project}/memberships", new { identityId = identity, role = "viewer" })).ShouldBe(HttpStatusCode.OK);

        (await Api.DeleteAsync($"/api/v1/identities/{identity}")).ShouldBe(HttpStatusCode.OK);

        Assert.Empty((await Api.GetAsync($"/api/v1/projects/{project}/memberships")).ShouldBe(HttpStatusCode.OK).Body["memberships"]!.AsArray());
    }

    [Fact]
    public async Task Grant_ConnectionAdmin_ShownOnIdentityUntilRevoked()
    {
        var (_, identity) = await CreatePartiesAsync();

        var granted = (await Api.PostAsync($"/api/v1/identities/{identity}/grants", new { grant = "connection-admin" })).ShouldBe(HttpStatusCode.OK).Body;
        (await Api.PostAsync($"/api/v1/identities/{identity}/grants", new { grant = "connection-admin" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["connection-admin"], granted["grants"]!.AsArray().Select(g => g!.GetValue<string>()));
        var view = (await Api.GetAsync($"/api/v1/identities/{identity}")).Body["identity"]!;
        Assert.Equal(["connection-admin"], view["grants"]!.AsArray().Select(g => g!.GetValue<string>()));
        var listed = (await Api.GetAsync("/api/v1/identities")).Body["identities"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == identity)!;
        Assert.Equal(["connection-admin"], listed["grants"]!.AsArray().Select(g => g!.GetValue<string>()));
        (await Api.DeleteAsync($"/api/v1/identities/{identity}/grants/connection-admin")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty((await Api.GetAsync($"/api/v1/identities/{identity}")).Body["identity"]!["grants"]!.AsArray());
        (await Api.DeleteAsync($"/api/v1/identities/{identity}/grants/connection-admin")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"grant":"root"}""", "grant")]
    [InlineData("""{}""", "grant")]
    [InlineData("""{"grant":"connection-admin","forever":true}""", "forever")]
    public async Task Grant_BadBody_Is400NamingTheFieldAndGrantsNothing(string body, string field)
    {
        var (_, identity) = await CreatePartiesAsync();

        var response = await Api.PostRawAsync($"/api/v1/identities/{identity}/grants", body);

        response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.Empty((await Api.GetAsync($"/api/v1/identities/{identity}")).Body["identity"]!["grants"]!.AsArray());
    }

    [Fact]
    public async Task Grant_UnknownIdentity_Is404()
    {
        (await Api.PostAsync($"/api/v1/identities/{Guid.NewGuid()}/grants", new { grant = "connection-admin" })).ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<(string Project, string Identity)> CreatePartiesAsync()
    {
        var suffix = Unique();
        var project = (await Api.PostAsync("/api/v1/projects", new { projectName = $"Members {suffix}" })).ShouldBe(HttpStatusCode.OK)
            .Body["project"]!["id"]!.GetValue<string>();
        var identity = (await Api.PostAsync("/api/v1/identities", new { name = $"app-{suffix}" })).ShouldBe(HttpStatusCode.OK)
            .Body["identity"]!["id"]!.GetValue<string>();
        return (project, identity);
    }
}
