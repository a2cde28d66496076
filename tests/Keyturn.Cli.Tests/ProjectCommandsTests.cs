namespace Keyturn.Cli.Tests;

public sealed class ProjectCommandsTests
{
    [Fact]
    public void ReadRequest_NameAndSlug_BuildsBody()
    {
        var (command, parse) = CliRun.Parse<ProjectCommands.CreateCommand>("project create --name Payments --slug pay");

        Assert.Equal("""{"projectName":"Payments","slug":"pay"}""", ApiJson.Serialize(command.ReadRequest(parse)));
    }

    [Fact]
    public void ReadRequest_NoSlug_LeavesSlugOut()
    {
        var (command, parse) = CliRun.Parse<ProjectCommands.CreateCommand>("project create --name Payments");

        Assert.Equal("""{"projectName":"Payments"}""", ApiJson.Serialize(command.ReadRequest(parse)));
    }

    [Fact]
    public async Task Create_AgainstServer_PostsBodyWithBearerAndPrintsFields()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", "/api/v1/projects", 201, """
            {"project":{"id":"p1","name":"Payments","slug":"pay","environments":[{"id":"e1","name":"Development","slug":"dev"},{"id":"e2","name":"Production","slug":"prod"}]}}
            """);

        var result = await CliRun.AgainstAsync(server.Address, "project", "create", "--name", "Payments", "--slug", "pay");

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("""{"projectName":"Payments","slug":"pay"}""", request.Body);
        Assert.Equal($"Bearer {CliRun.Token}", request.Authorization);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Contains("environments  dev,prod", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task List_TableOutput_PrintsOneRowPerProject()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v1/projects", 200, """
            {"projects":[{"id":"p1","name":"Payments","slug":"pay","environments":[{"id":"e1","name":"Development","slug":"dev"}]},
                         {"id":"p2","name":"Search","slug":"search","environments":[]}]}
            """);

        var result = await CliRun.AgainstAsync(server.Address, "project", "list");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("ID  NAME      SLUG    ENVIRONMENTS", lines[0]);
        Assert.Equal("p1  Payments  pay     dev", lines[1]);
        Assert.Equal("p2  Search    search  -", lines[2]);
    }
}
