using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>/api/v1/projects: create with the standard environments, read, list, and every input rule.</summary>
public sealed class ProjectEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/api/v1/projects";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_NameOnly_HasThreeEnvironmentsInOrderAndSlugFromName()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];

        var project = (await Server.Api.PostAsync(Path, new { projectName = $"My App {suffix}" })).ShouldBe(HttpStatusCode.OK).Body["project"]!;

        Assert.True(Guid.TryParse(project["id"]!.GetValue<string>(), out _));
        Assert.Equal($"My App {suffix}", project["name"]!.GetValue<string>());
        Assert.Equal($"my-app-{suffix}", project["slug"]!.GetValue<string>());
        var environments = project["environments"]!.AsArray().Select(e => (e!["name"]!.GetValue<string>(), e["slug"]!.GetValue<string>())).ToList();
        Assert.Equal([("Development", "dev"), ("Staging", "staging"), ("Production", "prod")], environments);
        Assert.All(project["environments"]!.AsArray(), e => Assert.True(Guid.TryParse(e!["id"]!.GetValue<string>(), out _)));
    }

    [Fact]
    public async Task Create_ExplicitSlug_IsKept()
    {
        var slug = $"explicit-{Guid.NewGuid():N}"[..30];

        var project = (await Server.Api.PostAsync(Path, new { projectName = "Whatever Name", slug })).ShouldBe(HttpStatusCode.OK).Body["project"]!;

        Assert.Equal(slug, project["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_DuplicateSlug_Is409()
    {
        var slug = $"dup-{Guid.NewGuid():N}"[..30];
        (await Server.Api.PostAsync(Path, new { projectName = "First", slug })).ShouldBe(HttpStatusCode.OK);

        var second = await Server.Api.PostAsync(Path, new { projectName = "Second", slug });

        second.ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal(409, second.Body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_MissingProjectName_Is400NamingProjectName()
    {
        var response = (await Server.Api.PostAsync(Path, new { slug = "no-name" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("projectName"));
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("-leading-hyphen")]
    [InlineData("has space")]
    [InlineData("")]
    public async Task Create_BadSlug_Is400NamingSlug(string slug)
    {
        var response = (await Server.Api.PostAsync(Path, new { projectName = "Bad Slug", slug })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("slug"));
    }

    [Fact]
    public async Task Create_UnknownField_Is400NamingItAndCreatesNothing()
    {
        var name = $"unknown-field-{Guid.NewGuid():N}";

        var response = (await Server.Api.PostAsync(Path, new { projectName = name, projectDescription = "not supported" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["is not a known field (fields: projectName, slug)"], response.ErrorsFor("projectDescription"));
        var projects = (await Server.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray();
        Assert.DoesNotContain(projects, p => p!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Create_ProjectNameNumber_Is400NamingProjectName()
    {
        var response = (await Server.Api.PostRawAsync(Path, """{"projectName": 42}""")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("projectName"));
    }

    [Fact]
    public async Task Create_MalformedJson_Is400NamingBody()
    {
        var response = (await Server.Api.PostRawAsync(Path, """{"projectName":""")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("body"));
    }

    [Fact]
    public async Task Create_JsonArray_Is400NamingBody()
    {
        var response = (await Server.Api.PostRawAsync(Path, """[{"projectName":"x"}]""")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("body"));
    }

    [Fact]
    public async Task List_AfterCreate_ContainsProject()
    {
        var id = await Scenario.CreateProjectAsync(Server);

        var projects = (await Server.Api.GetAsync(Path)).ShouldBe(HttpStatusCode.OK).Body["projects"]!.AsArray();

        var listed = Assert.Single(projects, p => p!["id"]!.GetValue<string>() == id);
        Assert.Equal(3, listed!["environments"]!.AsArray().Count);
    }

    [Fact]
    public async Task Get_Created_ReturnsSameProject()
    {
        var id = await Scenario.CreateProjectAsync(Server, "Get Me");

        var project = (await Server.Api.GetAsync($"{Path}/{id}")).ShouldBe(HttpStatusCode.OK).Body["project"]!;

        Assert.Equal(id, project["id"]!.GetValue<string>());
        Assert.Equal("Get Me", project["name"]!.GetValue<string>());
        Assert.Equal(["dev", "staging", "prod"], project["environments"]!.AsArray().Select(e => e!["slug"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_UnknownGuid_Is404()
    {
        var response = await Server.Api.GetAsync($"{Path}/{Guid.NewGuid()}");

        response.ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal(404, response.Body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_NonGuidId_Is404()
    {
        (await Server.Api.GetAsync($"{Path}/not-a-guid")).ShouldBe(HttpStatusCode.NotFound);
    }
}
