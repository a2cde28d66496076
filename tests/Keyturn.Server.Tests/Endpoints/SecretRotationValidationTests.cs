using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// Every create rule, one at a time: the answer names the field, and a rejected request leaves nothing behind,
/// neither a password credential on the target app nor a secret nor a rotation.
/// </summary>
public sealed class SecretRotationValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;

    private TestServer Server => fixture.Server;

    public static TheoryData<string, string> BrokenRules => new()
    {
        { "name not a slug", "name" },
        { "name 33 characters", "name" },
        { "name uppercase", "name" },
        { "rotationInterval 0", "rotationInterval" },
        { "rotationInterval 366", "rotationInterval" },
        { "rotateAtUtc.hours 24", "rotateAtUtc.hours" },
        { "rotateAtUtc.hours -1", "rotateAtUtc.hours" },
        { "rotateAtUtc.minutes 60", "rotateAtUtc.minutes" },
        { "objectId not a GUID", "parameters.objectId" },
        { "clientId not a GUID", "parameters.clientId" },
        { "mapping value 1BAD", "secretsMapping.clientSecret" },
        { "clientSecret mapping missing", "secretsMapping.clientSecret" },
        { "unknown environment", "environment" },
        { "unknown field isArchived", "isArchived" },
        { "misspelt rotateAtUtc.minute", "rotateAtUtc.minute" },
        { "unknown parameter", "parameters.tenantId" },
        { "unknown output", "secretsMapping.keyId" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Create_BrokenRule_Is400NamingFieldAndLeavesNothing(string breakage, string field)
    {
        var (projectId, connectionId, app) = await ArrangeAsync();
        var body = Scenario.RotationBody(projectId, connectionId, app);
        switch (breakage)
        {
            case "name not a slug": body["name"] = "not a slug!"; break;
            case "name 33 characters": body["name"] = new string('a', 33); break;
            case "name uppercase": body["name"] = "My-Rotation"; break;
            case "rotationInterval 0": body["rotationInterval"] = 0; break;
            case "rotationInterval 366": body["rotationInterval"] = 366; break;
            case "rotateAtUtc.hours 24": body["rotateAtUtc"] = new { hours = 24, minutes = 0 }; break;
            case "rotateAtUtc.hours -1": body["rotateAtUtc"] = new { hours = -1, minutes = 0 }; break;
            case "rotateAtUtc.minutes 60": body["rotateAtUtc"] = new { hours = 0, minutes = 60 }; break;
            case "objectId not a GUID": body["parameters"] = new { objectId = "my-app", clientId = app.ClientId }; break;
            case "clientId not a GUID": body["parameters"] = new { objectId = app.ObjectId, clientId = "my-client" }; break;
            case "mapping value 1BAD": body["secretsMapping"] = new { clientId = "AZURE_CLIENT_ID", clientSecret = "1BAD" }; break;
            case "clientSecret mapping missing": body["secretsMapping"] = new { clientId = "AZURE_CLIENT_ID" }; break;
            case "unknown environment": body["environment"] = "qa"; break;
            case "unknown field isArchived": body["isArchived"] = true; break;
            case "misspelt rotateAtUtc.minute": body["rotateAtUtc"] = new { hours = 0, minute = 30 }; break;
            case "unknown parameter": body["parameters"] = new { objectId = app.ObjectId, clientId = app.ClientId, tenantId = Guid.NewGuid() }; break;
            case "unknown output": body["secretsMapping"] = new { clientId = "AZURE_CLIENT_ID", clientSecret = "AZURE_CLIENT_SECRET", keyId = "KEY_ID" }; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage));
        }

        var response = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor(field));
        await AssertNothingLeftAsync(projectId, app);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public async Task Create_IntervalAtBound_IsAccepted(int days)
    {
        var (projectId, connectionId, app) = await ArrangeAsync();
        var body = Scenario.RotationBody(projectId, connectionId, app);
        body["rotationInterval"] = days;

        var rotation = (await Server.Api.PostAsync(Path, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal(days, rotation["rotationInterval"]!.GetValue<int>());
        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_DuplicateNameInFolder_Is400NamingNameAndLeavesNothing()
    {
        var (projectId, connectionId, app) = await ArrangeAsync();
        (await Server.Api.PostAsync(Path, Scenario.RotationBody(projectId, connectionId, app, "twice"))).ShouldBe(HttpStatusCode.OK);
        var otherApp = Scenario.CreateTargetApp(Server);
        var second = Scenario.RotationBody(projectId, connectionId, otherApp, "twice");
        second["secretsMapping"] = new { clientId = "OTHER_CLIENT_ID", clientSecret = "OTHER_CLIENT_SECRET" };

        var response = (await Server.Api.PostAsync(Path, second)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("name"));
        Assert.Single(Server.Emulator.Control.ListPasswords(otherApp.ObjectId));
        (await Scenario.GetSecretAsync(Server, projectId, "OTHER_CLIENT_ID")).ShouldBe(HttpStatusCode.NotFound);
        (await Scenario.GetSecretAsync(Server, projectId, "OTHER_CLIENT_SECRET")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Single(await ListRotationsAsync(projectId));
    }

    [Fact]
    public async Task Create_MappingToExistingSecret_Is400NamingMappingAndKeepsSecret()
    {
        var (projectId, connectionId, app) = await ArrangeAsync();
        await Scenario.CreateSecretAsync(Server, projectId, "AZURE_CLIENT_SECRET", "a human's value");
        var passwords = Server.Emulator.Control.ListPasswords(app.ObjectId).Count;

        var response = (await Server.Api.PostAsync(Path, Scenario.RotationBody(projectId, connectionId, app))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("secretsMapping.clientSecret"));
        Assert.Empty(response.ErrorsFor("secretsMapping.clientId"));
        Assert.Equal(passwords, Server.Emulator.Control.ListPasswords(app.ObjectId).Count);
        var kept = (await Scenario.GetSecretAsync(Server, projectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal("a human's value", kept["secretValue"]!.GetValue<string>());
        Assert.Equal(1, kept["version"]!.GetValue<int>());
        (await Scenario.GetSecretAsync(Server, projectId, "AZURE_CLIENT_ID")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty(await ListRotationsAsync(projectId));
    }

    [Fact]
    public async Task Create_UnknownConnection_Is404NamingConnectionId()
    {
        var (projectId, _, app) = await ArrangeAsync();

        var response = (await Server.Api.PostAsync(Path, Scenario.RotationBody(projectId, Guid.NewGuid().ToString(), app))).ShouldBe(HttpStatusCode.NotFound);

        Assert.NotEmpty(response.ErrorsFor("connectionId"));
        await AssertNothingLeftAsync(projectId, app);
    }

    [Fact]
    public async Task Create_UnknownProject_Is404NamingProjectId()
    {
        var (_, connectionId, app) = await ArrangeAsync();

        var response = (await Server.Api.PostAsync(Path, Scenario.RotationBody(Guid.NewGuid().ToString(), connectionId, app))).ShouldBe(HttpStatusCode.NotFound);

        Assert.NotEmpty(response.ErrorsFor("projectId"));
        Assert.Single(Server.Emulator.Control.ListPasswords(app.ObjectId));
    }

    [Fact]
    public async Task Create_MalformedJson_Is400NamingBody()
    {
        var (projectId, _, app) = await ArrangeAsync();

        var response = (await Server.Api.PostRawAsync(Path, """{"name": "x", "projectId": """)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(response.ErrorsFor("body"));
        await AssertNothingLeftAsync(projectId, app);
    }

    [Fact]
    public async Task Create_UnknownType_Is404AndLeavesNothing()
    {
        var (projectId, connectionId, app) = await ArrangeAsync();

        (await Server.Api.PostAsync("/api/v2/secret-rotations/azure-nope", Scenario.RotationBody(projectId, connectionId, app))).ShouldBe(HttpStatusCode.NotFound);

        await AssertNothingLeftAsync(projectId, app);
    }

    private async Task<(string ProjectId, string ConnectionId, EmulatedApp App)> ArrangeAsync()
    {
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await Scenario.CreateConnectionAsync(Server);
        return (projectId, connectionId, Scenario.CreateTargetApp(Server));
    }

    /// <summary>The target app still holds only its pre-existing secret; no mapped secret and no rotation exist.</summary>
    private async Task AssertNothingLeftAsync(string projectId, EmulatedApp app)
    {
        Assert.Equal("initial", Assert.Single(Server.Emulator.Control.ListPasswords(app.ObjectId)).DisplayName);
        (await Scenario.GetSecretAsync(Server, projectId, "AZURE_CLIENT_ID")).ShouldBe(HttpStatusCode.NotFound);
        (await Scenario.GetSecretAsync(Server, projectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty((await Server.Api.GetAsync($"/api/v3/secrets/raw?{Scenario.Where(projectId)}")).ShouldBe(HttpStatusCode.OK).Body["secrets"]!.AsArray());
        Assert.Empty(await ListRotationsAsync(projectId));
    }

    private async Task<System.Text.Json.Nodes.JsonArray> ListRotationsAsync(string projectId) =>
        (await Server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!.AsArray();
}
