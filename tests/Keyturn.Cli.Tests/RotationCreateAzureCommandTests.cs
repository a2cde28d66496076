namespace Keyturn.Cli.Tests;

public sealed class RotationCreateAzureCommandTests
{
    private const string Required =
        "rotation create azure-client-secret --name graph-app --project-id p1 --connection-id c1 --environment dev "
        + "--object-id o1 --client-id app-1 --map clientId=AZURE_CLIENT_ID --map clientSecret=AZURE_CLIENT_SECRET";

    [Fact]
    public void ReadRequest_AllFlags_BuildsDocumentedBody()
    {
        var (command, parse) = CliRun.Parse<RotationCreateAzureCommand>(
            Required + " --description \"rotates graph\" --secret-path /azure --auto-rotation false --rotation-interval 30 --rotate-at 03:05 --app-name \"Graph App\"");

        Assert.Equal(
            """{"name":"graph-app","projectId":"p1","description":"rotates graph","connectionId":"c1","environment":"dev","secretPath":"/azure","isAutoRotationEnabled":false,"rotationInterval":30,"rotateAtUtc":{"hours":3,"minutes":5},"parameters":{"objectId":"o1","clientId":"app-1","appName":"Graph App"},"secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"AZURE_CLIENT_SECRET"}}""",
            ApiJson.Serialize(command.ReadRequest(parse)));
    }

    [Fact]
    public void ReadRequest_OptionalFlagsOmitted_LeavesThemOutOfBody()
    {
        var (command, parse) = CliRun.Parse<RotationCreateAzureCommand>(Required);

        Assert.Equal(
            """{"name":"graph-app","projectId":"p1","connectionId":"c1","environment":"dev","secretPath":"/","parameters":{"objectId":"o1","clientId":"app-1"},"secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"AZURE_CLIENT_SECRET"}}""",
            ApiJson.Serialize(command.ReadRequest(parse)));
    }

    [Fact]
    public void ReadRequest_Schedule_SendsItAsRotationSchedule()
    {
        var (command, parse) = CliRun.Parse<RotationCreateAzureCommand>(Required + " --schedule \"0 2 * * SUN#1\"");

        Assert.Contains(""","rotationSchedule":"0 2 * * SUN#1",""", ApiJson.Serialize(command.ReadRequest(parse)));
    }

    [Fact]
    public async Task Run_CronRotation_PrintsTheCronScheduleNotTheInterval()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", "/api/v2/secret-rotations/azure-client-secret", 200,
            Rotations.Body().Replace("\"type\":", "\"scheduleKind\":\"cron\",\"rotationSchedule\":\"0 2 * * SUN#1\",\"type\":", StringComparison.Ordinal));

        var result = await CliRun.AgainstAsync(server.Address, [.. Required.Split(' '), "--schedule", "0 2 * * SUN#1"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("schedule             cron 0 2 * * SUN#1 (UTC)", result.Out);
        Assert.DoesNotContain("every 30 days", result.Out);
    }

    [Fact]
    public void ReadRequest_EnvAliasAndBareAutoRotation_Accepted()
    {
        var (command, parse) = CliRun.Parse<RotationCreateAzureCommand>(Required.Replace("--environment", "--env") + " --auto-rotation");

        var request = command.ReadRequest(parse);

        Assert.Equal("dev", request.Environment);
        Assert.True(request.IsAutoRotationEnabled);
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

    [Fact]
    public void Parse_MapWithoutEquals_NamesFlag()
    {
        var errors = CliRun.ParseErrors(Required.Replace("clientId=AZURE_CLIENT_ID", "clientIdAZURE_CLIENT_ID"));

        Assert.Equal("--map: 'clientIdAZURE_CLIENT_ID' is not field=SECRET_NAME (e.g. clientSecret=AZURE_CLIENT_SECRET)", Assert.Single(errors));
    }

    [Theory]
    [InlineData("--map tenantId=X", "--map: unknown field 'tenantId' (azure-client-secret maps clientId, clientSecret)")]
    [InlineData("--map clientId=OTHER", "--map: field 'clientId' is mapped more than once")]
    [InlineData("--map =X", "--map: '=X' is not field=SECRET_NAME (e.g. clientSecret=AZURE_CLIENT_SECRET)")]
    public void Parse_BadExtraMap_NamesFlag(string extra, string expected)
    {
        var errors = CliRun.ParseErrors($"{Required} {extra}");

        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void Parse_FieldNotMapped_SaysWhich()
    {
        var errors = CliRun.ParseErrors(Required.Replace(" --map clientSecret=AZURE_CLIENT_SECRET", ""));

        Assert.Equal("--map: clientSecret not mapped (every field needs a secret name)", Assert.Single(errors));
    }

    [Fact]
    public void Parse_ZeroInterval_NamesFlag()
    {
        var errors = CliRun.ParseErrors($"{Required} --rotation-interval 0");

        Assert.Equal("--rotation-interval: must be at least 1 (days)", Assert.Single(errors));
    }

    [Fact]
    public async Task Run_BadRotateAt_ExitsTwoWithOneLineAndSendsNothing()
    {
        await using var server = await FakeServer.StartAsync();

        var result = await CliRun.AgainstAsync(server.Address, [.. Required.Split(' '), "--rotate-at", "noon"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: --rotate-at: 'noon' is not a UTC time of day HH:MM (e.g. 00:00 or 13:30) (see 'keyturn rotation create azure-client-secret --help')",
            result.Error.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Run_AgainstServer_PostsToTypePathAndPrintsRotation()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", "/api/v2/secret-rotations/azure-client-secret", 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, Required.Split(' '));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("""{"name":"graph-app",""", Assert.Single(server.Requests).Body);
        Assert.Contains("schedule             every 30 days at 03:05 UTC", result.Out);
        Assert.Contains("secretsMapping       clientId=AZURE_CLIENT_ID, clientSecret=AZURE_CLIENT_SECRET", result.Out);
    }
}
