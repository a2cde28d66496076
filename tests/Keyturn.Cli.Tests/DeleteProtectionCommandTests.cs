namespace Keyturn.Cli.Tests;

/// <summary>What <c>--delete-protected</c> and <c>rotation delete --force</c> send (against a fake server).</summary>
public sealed class DeleteProtectionCommandTests
{
    private const string RotationPath = "/api/v2/secret-rotations/azure-client-secret/r1";

    [Theory]
    [InlineData("true", """{"isDeleteProtected":true}""")]
    [InlineData("false", """{"isDeleteProtected":false}""")]
    public async Task Update_DeleteProtected_SendsOnlyThatField(string value, string body)
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", RotationPath, 200, Rotations.Body());
        server.Answer("PATCH", RotationPath, 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "update", "r1", "--delete-protected", value);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(body, Assert.Single(server.Requests, r => r.Method == "PATCH").Body);
    }

    [Fact]
    public void Create_DeleteProtected_InTheBody()
    {
        var (command, parse) = CliRun.Parse<RotationCreateCommand>(
            "rotation create azure-client-secret --name n --project-id p --connection-id c --env dev --param objectId=o --map clientSecret=S --delete-protected true");

        var body = command.ReadRequest(parse, RotationTypeOption.ListFrom(System.Text.Json.Nodes.JsonNode.Parse(RotationTypes.Body)!).First(t => t.Type == "azure-client-secret"));

        Assert.True(body["isDeleteProtected"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_Force_SentAsQueryOnlyWhenGiven()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("DELETE", RotationPath, 200, Rotations.Body());

        var forced = await CliRun.AgainstAsync(server.Address, "rotation", "delete", "r1", "--type", "azure-client-secret", "--revoke-generated-credentials", "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(RotationPath + "?deleteSecrets=false&revokeGeneratedCredentials=true&force=true", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Delete_Refused_ExitsOneWithTheServersWords()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("DELETE", RotationPath, 409,
            """{"title":"Secret rotation is delete-protected","status":409,"detail":"Turn the protection off first (PATCH the rotation with {\"isDeleteProtected\": false})."}""");

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "delete", "r1", "--type", "azure-client-secret");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: 409", result.Error);
        Assert.Contains("isDeleteProtected", result.Error);
    }
}
