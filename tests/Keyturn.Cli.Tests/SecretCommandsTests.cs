namespace Keyturn.Cli.Tests;

public sealed class SecretCommandsTests
{
    private const string SecretPath = "/api/v3/secrets/raw/AZURE_CLIENT_SECRET";
    private const string Query = "?workspaceId=p1&environment=dev&secretPath=%2F";

    private const string Secret = """
        {"secret":{"id":"s1","secretKey":"AZURE_CLIENT_SECRET","secretValue":"v@lue+1","version":3,"type":"shared","environment":"dev","secretPath":"/","workspace":"p1"}}
        """;

    [Fact]
    public void ReadRequest_ValueArgument_BuildsBody()
    {
        var (command, parse) = CliRun.Parse<SecretCommands.SetCommand>("secret set DB_PASSWORD hunter2 --project-id p1 --env dev --path /db");

        Assert.Equal(
            """{"workspaceId":"p1","environment":"dev","secretPath":"/db","secretValue":"hunter2","type":"shared"}""",
            ApiJson.Serialize(command.ReadRequest(parse, TextReader.Null)));
    }

    [Fact]
    public void ReadRequest_ValueStdin_ReadsStdinAndDefaultsPath()
    {
        var (command, parse) = CliRun.Parse<SecretCommands.SetCommand>("secret set DB_PASSWORD --value-stdin --project-id p1 --environment dev");

        var request = command.ReadRequest(parse, new StringReader("multi\nline\r\n"));

        Assert.Equal("multi\nline", request.SecretValue);
        Assert.Equal("/", request.SecretPath);
    }

    [Fact]
    public async Task Set_Exists_PatchesOnly()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("PATCH", SecretPath, 200, Secret);

        var result = await CliRun.AgainstAsync(server.Address, "secret", "set", "AZURE_CLIENT_SECRET", "x", "--project-id", "p1", "--env", "dev");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("PATCH", Assert.Single(server.Requests).Method);
        Assert.Equal("updated secret AZURE_CLIENT_SECRET (version 3)", result.Out.TrimEnd());
    }

    [Fact]
    public async Task Set_Missing_PatchThenPostsSameBody()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", SecretPath, 200, Secret);

        var result = await CliRun.AgainstAsync(server.Address, "secret", "set", "AZURE_CLIENT_SECRET", "x", "--project-id", "p1", "--env", "dev");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["PATCH", "POST"], server.Requests.Select(r => r.Method));
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Equal("created secret AZURE_CLIENT_SECRET (version 3)", result.Out.TrimEnd());
    }

    [Fact]
    public async Task Set_PostAlsoFails_ReportsPostError()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", SecretPath, 404, """{"title":"Not Found","status":404,"detail":"Environment 'dev' not found in project p1"}""");

        var result = await CliRun.AgainstAsync(server.Address, "secret", "set", "AZURE_CLIENT_SECRET", "x", "--project-id", "p1", "--env", "dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: 404 Not Found: Environment 'dev' not found in project p1", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Get_Table_PrintsOnlyTheValue()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", SecretPath, 200, Secret);

        var result = await CliRun.AgainstAsync(server.Address, "secret", "get", "AZURE_CLIENT_SECRET", "--project-id", "p1", "--env", "dev");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("v@lue+1" + Environment.NewLine, result.Out);
        Assert.Equal(SecretPath + Query, Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Get_Json_PrintsBodyWithoutEscapingValue()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", SecretPath, 200, Secret);

        var result = await CliRun.AgainstAsync(server.Address, "secret", "get", "AZURE_CLIENT_SECRET", "--project-id", "p1", "--env", "dev", "-o", "json");

        Assert.Contains("\"secretValue\": \"v@lue+1\"", result.Out);
        Assert.Contains("\"version\": 3", result.Out);
    }

    [Fact]
    public async Task List_Default_MasksValues()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v3/secrets/raw", 200, List);

        var result = await CliRun.AgainstAsync(server.Address, "secret", "list", "--project-id", "p1", "--env", "dev");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/api/v3/secrets/raw" + Query, Assert.Single(server.Requests).PathAndQuery);
        Assert.DoesNotContain("hunter2", result.Out);
        Assert.Equal(["KEY          VERSION  VALUE", "DB_PASSWORD  2        ********"], result.Out.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task List_ShowValues_PrintsValues()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", "/api/v3/secrets/raw", 200, List);

        var result = await CliRun.AgainstAsync(server.Address, "secret", "list", "--project-id", "p1", "--env", "dev", "--show-values");

        Assert.EndsWith("DB_PASSWORD  2        hunter2", result.Out.TrimEnd());
    }

    private const string List = """
        {"secrets":[{"id":"s1","secretKey":"DB_PASSWORD","secretValue":"hunter2","version":2,"type":"shared","environment":"dev","secretPath":"/","workspace":"p1"}]}
        """;
}
