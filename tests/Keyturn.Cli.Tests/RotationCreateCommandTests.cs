using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests;

public sealed class RotationCreateCommandTests
{
    private const string Required =
        "rotation create azure-client-secret --name graph-app --project-id p1 --connection-id c1 --environment dev "
        + "--param objectId=o1 --param clientId=app-1 --map clientId=AZURE_CLIENT_ID --map clientSecret=AZURE_CLIENT_SECRET";

    private static readonly IReadOnlyList<RotationTypeOption> Types = RotationTypeOption.ListFrom(JsonNode.Parse(RotationTypes.Body)!);

    [Fact]
    public void ReadRequest_AllFlags_BuildsDocumentedBody()
    {
        var (command, parse) = CliRun.Parse<RotationCreateCommand>(
            Required + " --description \"rotates graph\" --secret-path /azure --auto-rotation false --rotation-interval 30 --rotate-at 03:05"
            + " --schedule \"0 2 * * 1\" --param \"appName=Graph App\"");

        Assert.Equal(
            """{"name":"graph-app","projectId":"p1","description":"rotates graph","connectionId":"c1","environment":"dev","secretPath":"/azure","isAutoRotationEnabled":false,"rotationInterval":30,"rotateAtUtc":{"hours":3,"minutes":5},"rotationSchedule":"0 2 * * 1","parameters":{"objectId":"o1","clientId":"app-1","appName":"Graph App"},"secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"AZURE_CLIENT_SECRET"}}""",
            command.ReadRequest(parse, Azure).ToJsonString());
    }

    [Fact]
    public void ReadRequest_OptionalFlagsOmitted_LeavesThemOutOfBody()
    {
        var (command, parse) = CliRun.Parse<RotationCreateCommand>(Required);

        Assert.Equal(
            """{"name":"graph-app","projectId":"p1","connectionId":"c1","environment":"dev","secretPath":"/","parameters":{"objectId":"o1","clientId":"app-1"},"secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"AZURE_CLIENT_SECRET"}}""",
            command.ReadRequest(parse, Azure).ToJsonString());
    }

    [Fact]
    public void ReadRequest_EnvAliasAndBareAutoRotation_Accepted()
    {
        var (command, parse) = CliRun.Parse<RotationCreateCommand>(Required.Replace("--environment", "--env") + " --auto-rotation");

        var body = command.ReadRequest(parse, Azure);

        Assert.Equal("dev", body["environment"]!.GetValue<string>());
        Assert.True(body["isAutoRotationEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void ReadRequest_UnknownOutput_IsUsageErrorNamingTheOutputs()
    {
        var (command, parse) = CliRun.Parse<RotationCreateCommand>(Required + " --map keyId=KEY_ID");

        var error = Assert.Throws<UsageException>(() => command.ReadRequest(parse, Azure));

        Assert.Equal("--map: 'keyId' is not an output of azure-client-secret (outputs: clientId, clientSecret)", error.Message);
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("3pm")]
    [InlineData("03:5")]
    [InlineData("-1:00")]
    public void Parse_BadRotateAt_NamesFlag(string value)
    {
        var errors = CliRun.ParseErrors($"{Required} --rotate-at {value}");

        Assert.Equal($"--rotate-at: '{value}' is not a UTC time of day HH:MM (e.g. 00:00 or 13:30)", Assert.Single(errors));
    }

    [Theory]
    [InlineData("--map clientIdAZURE_CLIENT_ID", "--map: 'clientIdAZURE_CLIENT_ID' is not output=SECRET_NAME (e.g. clientSecret=AZURE_CLIENT_SECRET)")]
    [InlineData("--map =X", "--map: '=X' is not output=SECRET_NAME (e.g. clientSecret=AZURE_CLIENT_SECRET)")]
    [InlineData("--map clientId=", "--map: 'clientId=' is not output=SECRET_NAME (e.g. clientSecret=AZURE_CLIENT_SECRET)")]
    [InlineData("--map clientId=OTHER", "--map: output 'clientId' is mapped more than once")]
    [InlineData("--param appName", "--param: 'appName' is not name=value (e.g. objectId=00000000-0000-0000-0000-000000000000)")]
    [InlineData("--rotation-interval 0", "--rotation-interval: must be at least 1 (days)")]
    public void Parse_BadFlag_NamesFlag(string extra, string expected)
    {
        var errors = CliRun.ParseErrors($"{Required} {extra}");

        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public async Task Run_AgainstServer_ReadsOptionsThenPostsToTypePathAndPrintsRotation()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("POST", "/api/v2/secret-rotations/azure-client-secret", 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, Required.Split(' '));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["GET " + RotationTypes.Path, "POST /api/v2/secret-rotations/azure-client-secret"], server.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.StartsWith("""{"name":"graph-app",""", server.Requests[1].Body);
        Assert.Matches(@"schedule\s+every \d+ days at 03:05 UTC", result.Out);
        Assert.Contains("secretsMapping       clientId=AZURE_CLIENT_ID, clientSecret=AZURE_CLIENT_SECRET", result.Out);
    }

    [Fact]
    public async Task Run_OtherType_ConvertsParametersByTheirDeclaredType()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("POST", "/api/v2/secret-rotations/db-password", 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "create", "db-password", "--name", "db", "--project-id", "p1", "--connection-id", "c1",
            "--env", "dev", "--param", "user=app", "--param", "port=5432", "--param", "hosts=a,b", "--param", "passwordPolicy={\"length\":40}", "--map", "password=DB_PASSWORD");

        Assert.Equal(0, result.ExitCode);
        var body = JsonNode.Parse(server.Requests[1].Body)!;
        Assert.Equal("""{"user":"app","port":5432,"hosts":["a","b"],"passwordPolicy":{"length":40}}""", body["parameters"]!.ToJsonString());
        Assert.Equal("""{"password":"DB_PASSWORD"}""", body["secretsMapping"]!.ToJsonString());
    }

    [Fact]
    public async Task Run_UnknownParameter_ExitsTwoWithOneLineNamingTheParametersAndCreatesNothing()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);

        var result = await CliRun.AgainstAsync(server.Address, [.. Required.Split(' '), "--param", "tenantId=t1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --param: 'tenantId' is not a parameter of azure-client-secret (parameters: objectId, clientId, appName)", result.Error.TrimEnd());
        Assert.Equal(["GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Run_UnknownType_ExitsTwoNamingTheTypes()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);

        var result = await CliRun.AgainstAsync(server.Address, [.. Required.Replace("azure-client-secret", "aws-iam").Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown rotation type 'aws-iam' (types: azure-client-secret, db-password)", result.Error.TrimEnd());
        Assert.Equal(["GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Run_BadRotateAt_ExitsTwoWithOneLineAndSendsNothing()
    {
        await using var server = await FakeServer.StartAsync();

        var result = await CliRun.AgainstAsync(server.Address, [.. Required.Split(' '), "--rotate-at", "noon"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: --rotate-at: 'noon' is not a UTC time of day HH:MM (e.g. 00:00 or 13:30) (see 'keyturn rotation create --help')",
            result.Error.TrimEnd());
        Assert.Empty(server.Requests);
    }

    private static RotationTypeOption Azure => Types.Single(t => t.Type == "azure-client-secret");
}
