using System.Text.Json.Nodes;

namespace Keyturn.Cli.Tests;

public sealed class RotationUpdateCommandTests
{
    private const string RotationPath = "/api/v2/secret-rotations/azure-client-secret/r1";

    [Fact]
    public async Task Update_EveryFlag_SendsExactlyThoseFieldsWithTheMappingMerged()
    {
        await using var server = await StartAsync();

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "update", "r1", "--name", "renamed", "--description", "d2",
            "--rotation-interval", "7", "--rotate-at", "04:30", "--no-auto-rotate", "--param", "appName=New Name",
            "--map", "clientSecret=NEW_SECRET", "--keep-renamed-secrets");

        Assert.Equal(0, result.ExitCode);
        var patch = Assert.Single(server.Requests, r => r.Method == "PATCH");
        Assert.Equal(RotationPath, patch.PathAndQuery);
        var expected = JsonNode.Parse("""
            {"name":"renamed","description":"d2","isAutoRotationEnabled":false,"rotationInterval":7,"rotateAtUtc":{"hours":4,"minutes":30},
             "parameters":{"appName":"New Name"},"secretsMapping":{"clientId":"AZURE_CLIENT_ID","clientSecret":"NEW_SECRET"},"keepRenamedSecrets":true}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(patch.Body)), patch.Body);
    }

    [Fact]
    public async Task Update_OneFlag_SendsOnlyThatField()
    {
        await using var server = await StartAsync();

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "update", "r1", "--no-schedule");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"rotationSchedule":null}""", Assert.Single(server.Requests, r => r.Method == "PATCH").Body);
    }

    [Fact]
    public async Task Update_UnchangeableParameter_UsageErrorAndNothingSent()
    {
        await using var server = await StartAsync();

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "update", "r1", "--param", "objectId=00000000-0000-0000-0000-000000000001");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: --param objectId: cannot be changed after creation; create a new rotation instead (changeable in azure-client-secret: appName)",
            result.Error.TrimEnd());
        Assert.DoesNotContain(server.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task Update_ParameterConvertedByDeclaredType()
    {
        await using var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", "/api/v2/secret-rotations/db-password/r1", 200, Rotations.Body());
        server.Answer("PATCH", "/api/v2/secret-rotations/db-password/r1", 200, Rotations.Body());

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "update", "r1", "--param", "port=5433", "--param", "hosts=a,b");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"parameters":{"port":5433,"hosts":["a","b"]}}""", Assert.Single(server.Requests, r => r.Method == "PATCH").Body);
    }

    [Fact]
    public async Task Update_Nothing_UsageErrorAndNothingSent()
    {
        await using var server = await StartAsync();

        var result = await CliRun.AgainstAsync(server.Address, "rotation", "update", "r1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: nothing to change", result.Error);
        Assert.DoesNotContain(server.Requests, r => r.Method == "PATCH");
    }

    [Theory]
    [InlineData("--schedule", "0 3 * * *", "--no-schedule")]
    [InlineData("--auto-rotate", "--no-auto-rotate", null)]
    [InlineData("--rotation-interval", "0", null)]
    [InlineData("--rotate-at", "25:00", null)]
    [InlineData("--keep-renamed-secrets", null, null)]
    public async Task Update_ConflictingOrBadFlags_UsageErrorBeforeAnyRequest(string first, string? second, string? third)
    {
        await using var server = await StartAsync();
        string[] args = ["rotation", "update", "r1", first, .. new[] { second, third }.OfType<string>()];

        var result = await CliRun.AgainstAsync(server.Address, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(server.Requests);
    }

    private static async Task<FakeServer> StartAsync()
    {
        var server = await FakeServer.StartAsync();
        server.Answer("GET", RotationTypes.Path, 200, RotationTypes.Body);
        server.Answer("GET", RotationPath, 200, Rotations.Body());
        server.Answer("PATCH", RotationPath, 200, Rotations.Body());
        return server;
    }
}
