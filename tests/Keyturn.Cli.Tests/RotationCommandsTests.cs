namespace Keyturn.Cli.Tests;

public sealed class RotationCommandsTests
{
    private const string RotationPath = "/api/v2/secret-rotations/azure-client-secret/r1";
    private const string DbPasswordPath = "/api/v2/secret-rotations/db-password/r1";

    [Fact]
    public async Task List_ProjectId_QueriesAndPrintsRows()
    {
        await using var server = await FakeServer.StartAsync();
        var rotation = System.Text.Json.Nodes.JsonNode.Parse(Rotations.Body())!["secretRotation"]!.ToJsonString();
        server.Answer("GET", "/api/v2/secret-rotations", 200, $$"""{"secretRotations":[{{rotation}}]}""");

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "list", "--project-id", "p 1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/api/v2/secret-rotations?projectId=p%201", Assert.Single(server.Requests).PathAndQuery);
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.StartsWith("ID  NAME       TYPE                 ENV  PATH  STATUS   LAST ROTATED", lines[0]);
        Assert.StartsWith("r1  graph-app  azure-client-secret  dev  /     success", lines[1]);
    }

    [Fact]
    public async Task Types_Table_OneRowPerTypeWithOptionalNamesInBrackets()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "types");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("TYPE                 CONNECTION  SHAPE     SLOTS  PARAMETERS", lines[0]);
        Assert.Equal(
            ["azure-client-secret", "azure", "additive", "2", "objectId (guid), clientId (guid), [appName (string)]", "clientId, clientSecret"],
            System.Text.RegularExpressions.Regex.Split(lines[1].TrimEnd(), "  +"));
        Assert.Equal(
            ["db-password", "postgres", "in-place", "1",
                "user (string), [port (integer)], [tls (boolean)], [hosts (string[])], [ports (integer[])], [passwordPolicy (object)]", "[password]"],
            System.Text.RegularExpressions.Regex.Split(lines[2].TrimEnd(), "  +"));
    }

    [Fact]
    public async Task Types_Json_PrintsTheServersAnswer()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "types", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            System.Text.Json.Nodes.JsonNode.Parse(RotationTypes.Body)!.ToJsonString(),
            System.Text.Json.Nodes.JsonNode.Parse(result.Out)!.ToJsonString());
    }

    [Fact]
    public async Task Get_ExplicitType_OneRequestOnThatTypesPath()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationPath, 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "get", "r1", "--type", "azure-client-secret");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("connection           azure-prod (c1)", result.Out);
        Assert.Equal(RotationPath, Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Get_NoType_AsksEachTypeUntilOneKnowsTheId()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", DbPasswordPath, 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "get", "r1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("connection           azure-prod (c1)", result.Out);
        Assert.Equal([RotationTypes.Path, RotationPath, DbPasswordPath], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Get_NoTypeKnowsTheId_NotFoundNamingTheTypesAsked()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "get", "r9");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: 404 Secret rotation not found: No secret rotation with id 'r9' among the types azure-client-secret, db-password.", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Get_UnknownExplicitType_UsageErrorListingTheTypes()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "get", "--type", "other-kind", "r1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --type: unknown rotation type 'other-kind' (types: azure-client-secret, db-password)", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Rotate_WrongExplicitType_UsageErrorNamingTheRealTypeAndNothingRotated()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", DbPasswordPath, 200, Rotations.Body());
        server.Answer("POST", DbPasswordPath + "/rotate-secrets", 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "rotate", "r1", "--type", "azure-client-secret");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: --type: secret rotation r1 is of type db-password, not azure-client-secret (leave --type out to have it found)",
            result.Error.TrimEnd());
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery == DbPasswordPath + "/rotate-secrets");
    }

    [Fact]
    public async Task Rotate_NoType_FindsTheTypeThenRotatesOnItsPath()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", DbPasswordPath, 200, Rotations.Body());
        server.Answer("POST", DbPasswordPath + "/rotate-secrets", 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "rotate", "r1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("POST " + DbPasswordPath + "/rotate-secrets", server.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Last());
    }

    [Fact]
    public async Task Rotate_Succeeded_ExitsZero()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", RotationPath + "/rotate-secrets", 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "rotate", "r1", "--type", "azure-client-secret");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Rotate_AttemptFailed_ExitsOneWithServerMessage()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("POST", RotationPath + "/rotate-secrets", 200, Rotations.Body("failed", "Graph returned 403 Authorization_RequestDenied"));

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "rotate", "r1", "--type", "azure-client-secret", "--output", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: rotation failed: Graph returned 403 Authorization_RequestDenied", result.Error.TrimEnd());
        Assert.Contains("\"rotationStatus\": \"failed\"", result.Out);
    }

    [Fact]
    public async Task Delete_Flags_SentAsQuery()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("DELETE", RotationPath, 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "delete", "r1", "--type", "azure-client-secret", "--delete-secrets");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(RotationPath + "?deleteSecrets=true&revokeGeneratedCredentials=false", Assert.Single(server.Requests).PathAndQuery);
        Assert.Equal("deleted secret rotation r1", result.Out.TrimEnd());
    }

    [Fact]
    public async Task Credentials_Table_HidesSecretsAndMarksActive()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationPath + "/generated-credentials", 200, Credentials);

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "credentials", "r1", "--type", "azure-client-secret");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("secret-", result.Out);
        Assert.Equal(
            ["SLOT  ACTIVE  KEY ID  CLIENT ID", "0     -       k0      app-1", "1     *       k1      app-1"],
            result.Out.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Credentials_ShowSecrets_AddsSecretColumn()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationPath + "/generated-credentials", 200, Credentials);

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "credentials", "r1", "--type", "azure-client-secret", "--show-secrets");

        Assert.EndsWith("k1      app-1      secret-1", result.Out.TrimEnd());
    }

    [Fact]
    public async Task Credentials_Json_PrintsBodyAsSent()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationPath + "/generated-credentials", 200, Credentials);

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "credentials", "r1", "--type", "azure-client-secret", "-o", "json");

        var printed = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(Credentials), printed));
    }

    private const string Credentials = """
        {"generatedCredentials":[{"clientId":"app-1","clientSecret":"secret-0","keyId":"k0"},{"clientId":"app-1","clientSecret":"secret-1","keyId":"k1"}],
         "activeIndex":1,"rotationId":"r1","type":"azure-client-secret"}
        """;
}
