namespace Keyturn.Cli.Tests;

public sealed class ConnectionCommandsTests
{
    private const string Created = """
        {"appConnection":{"id":"c1","name":"azure-prod","description":null,"app":"azure","method":"client-secret","createdAt":"2026-11-21T10:00:00Z","updatedAt":"2026-11-21T10:00:00Z"}}
        """;

    [Fact]
    public void ReadRequest_AllFlags_BuildsBody()
    {
        var (command, parse) = CliRun.Parse<ConnectionCommands.CreateAzureCommand>(
            "connection create azure --name azure-prod --description \"prod tenant\" --tenant-id t1 --client-id c1 --client-secret s3cret "
            + "--authority-host https://login.example/ --graph-endpoint https://graph.example/");

        Assert.Equal(
            """{"name":"azure-prod","description":"prod tenant","method":"client-secret","credentials":{"tenantId":"t1","clientId":"c1","clientSecret":"s3cret"},"endpoints":{"authorityHost":"https://login.example/","graph":"https://graph.example/"}}""",
            ApiJson.Serialize(command.ReadRequest(parse, TextReader.Null)));
    }

    [Fact]
    public void ReadRequest_NoOptionalFlags_LeavesThemOut()
    {
        var (command, parse) = CliRun.Parse<ConnectionCommands.CreateAzureCommand>(
            "connection create azure --name a --tenant-id t1 --client-id c1 --client-secret s");

        Assert.Equal(
            """{"name":"a","method":"client-secret","credentials":{"tenantId":"t1","clientId":"c1","clientSecret":"s"}}""",
            ApiJson.Serialize(command.ReadRequest(parse, TextReader.Null)));
    }

    [Fact]
    public void ReadRequest_OnlyAuthorityHost_SendsEndpointsWithoutGraph()
    {
        var (command, parse) = CliRun.Parse<ConnectionCommands.CreateAzureCommand>(
            "connection create azure --name a --tenant-id t --client-id c --client-secret s --authority-host https://127.0.0.1:9443/");

        Assert.EndsWith("""
            "endpoints":{"authorityHost":"https://127.0.0.1:9443/"}}
            """, ApiJson.Serialize(command.ReadRequest(parse, TextReader.Null)));
    }

    [Fact]
    public void ReadRequest_SecretFromStdin_DropsTrailingNewline()
    {
        var (command, parse) = CliRun.Parse<ConnectionCommands.CreateAzureCommand>(
            "connection create azure --name a --tenant-id t --client-id c --client-secret-stdin");

        var request = command.ReadRequest(parse, new StringReader("from-stdin\n"));

        Assert.Equal("from-stdin", request.Credentials.ClientSecret);
    }

    [Theory]
    [InlineData("--client-secret s --client-secret-stdin")]
    [InlineData("")]
    public async Task Create_NotExactlyOneSecretSource_IsUsageError(string secretFlags)
    {
        var result = await CliRun.AgainstAsync(
            "http://127.0.0.1:1", ["connection", "create", "azure", "--name", "a", "--tenant-id", "t", "--client-id", "c", .. secretFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: give exactly one of --client-secret or --client-secret-stdin", result.Error);
    }

    [Fact]
    public async Task Create_RelativeAuthorityHost_IsUsageErrorNamingFlag()
    {
        var result = await CliRun.AgainstAsync(
            "http://127.0.0.1:1", "connection", "create", "azure", "--name", "a", "--tenant-id", "t", "--client-id", "c", "--client-secret", "s", "--authority-host", "login");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--authority-host: 'login' is not an absolute URL", result.Error);
    }

    [Fact]
    public async Task Create_SecretOnStdin_PostsItAndNeverPrintsIt()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", "/api/v1/app-connections/azure", 200, Created);
        var environment = new Dictionary<string, string> { ["KEYTURN_ADDR"] = server.Address, ["KEYTURN_TOKEN"] = CliRun.Token };

        var result = await CliRun.RunAsync(
            ["connection", "create", "azure", "--name", "azure-prod", "--tenant-id", "t", "--client-id", "c", "--client-secret-stdin"],
            environment,
            stdin: "piped-secret\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"clientSecret\":\"piped-secret\"", Assert.Single(server.Requests).Body);
        Assert.DoesNotContain("piped-secret", result.Out + result.Error);
        Assert.Matches(@"(?m)^method\s+client-secret$", result.Out);
    }

    [Fact]
    public async Task Get_ExplicitApp_OneRequestOnThatAppsPath()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v1/app-connections/azure/c1", 200, Created);

        var result = await CliRun.AgainstAsync(server.Address, "connection", "get", "c1", "--app", "azure", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"name\": \"azure-prod\"", result.Out);
        Assert.Equal("/api/v1/app-connections/azure/c1", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Get_NoApp_AsksEachAppOfTheTypesUntilOneKnowsTheId()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", "/api/v1/app-connections/postgres/c1", 200, Created);

        var result = await CliRun.AgainstAsync(server.Address, "connection", "get", "c1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("azure-prod", result.Out);
        Assert.Equal(
            [RotationTypes.Path, "/api/v1/app-connections/azure/c1", "/api/v1/app-connections/postgres/c1"],
            server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Get_NoAppKnowsTheId_NotFoundNamingTheAppsAsked()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);

        var result = await CliRun.AgainstAsync(server.Address, "connection", "get", "c9");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: 404 App connection not found: No app connection with id 'c9' among the apps azure, postgres.", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Delete_Id_SendsDeleteAndConfirms()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", "/api/v1/app-connections/postgres/c1", 200, Created);
        server.Answer("DELETE", "/api/v1/app-connections/postgres/c1", 200, Created);

        var result = await CliRun.AgainstAsync(server.Address, "connection", "delete", "c1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("DELETE /api/v1/app-connections/postgres/c1", server.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Last());
        Assert.Single(server.Requests, r => r.Method == "DELETE");
        Assert.Equal("deleted app connection c1", result.Out.TrimEnd());
    }

    [Fact]
    public async Task List_NoApp_ListsEveryAppOfTheTypes()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", "/api/v1/app-connections/azure", 200, """
            {"appConnections":[{"id":"c1","name":"azure-prod","description":"main","app":"azure","method":"client-secret","createdAt":"x","updatedAt":"y"}]}
            """);
        server.Answer("GET", "/api/v1/app-connections/postgres", 200, """
            {"appConnections":[{"id":"c2","name":"pg","description":"","app":"postgres","method":"password","createdAt":"x","updatedAt":"y"}]}
            """);

        var result = await CliRun.AgainstAsync(server.Address, "connection", "list");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("c1  azure-prod  azure     client-secret  main", lines[1].TrimEnd());
        Assert.Equal("c2  pg          postgres  password       -", lines[2].TrimEnd());
    }

    [Fact]
    public async Task List_NoAppJson_OneAppConnectionsArray()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", "/api/v1/app-connections/azure", 200, """{"appConnections":[{"id":"c1","app":"azure"}]}""");
        server.Answer("GET", "/api/v1/app-connections/postgres", 200, """{"appConnections":[{"id":"c2","app":"postgres"}]}""");

        var result = await CliRun.AgainstAsync(server.Address, "connection", "list", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["c1", "c2"], System.Text.Json.Nodes.JsonNode.Parse(result.Out)!["appConnections"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_ExplicitApp_OnlyThatApp()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v1/app-connections/local", 200, """{"appConnections":[]}""");

        var result = await CliRun.AgainstAsync(server.Address, "connection", "list", "--app", "local");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/api/v1/app-connections/local", Assert.Single(server.Requests).PathAndQuery);
    }
}
