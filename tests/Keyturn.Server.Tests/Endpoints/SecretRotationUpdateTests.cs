using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// PATCH /api/v2/secret-rotations/{type}/{id} beyond the schedule: renaming mapped secrets, changeable parameters,
/// the connection, and unknown fields. A refused PATCH changes nothing.
/// </summary>
public sealed class SecretRotationUpdateTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Patch_RenameMapping_NewNamesGetCurrentValuesAndOldNamesAreDeleted()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var secret = await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        var r = (await PatchAsync(setup, new { secretsMapping = new { clientId = "APP_CLIENT_ID", clientSecret = "APP_CLIENT_SECRET" } }))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("""{"clientId":"APP_CLIENT_ID","clientSecret":"APP_CLIENT_SECRET"}""", r["secretsMapping"]!.ToJsonString());
        var renamed = (await Scenario.GetSecretAsync(Server, setup.ProjectId, "APP_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal(secret, renamed["secretValue"]!.GetValue<string>());
        Assert.Equal(1, renamed["version"]!.GetValue<int>());
        Assert.Equal(setup.RotationId, renamed["rotationId"]!.GetValue<string>());
        Assert.Equal(setup.App.ClientId, await Scenario.SecretValueAsync(Server, setup.ProjectId, "APP_CLIENT_ID"));
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.NotFound);
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_ID")).ShouldBe(HttpStatusCode.NotFound);

        var rotated = await Scenario.RotateAsync(Server, setup.RotationId);

        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        var next = (await Scenario.GetSecretAsync(Server, setup.ProjectId, "APP_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal(2, next["version"]!.GetValue<int>());
        Assert.True(Server.Emulator.Control.Authenticates(setup.App.ClientId, next["secretValue"]!.GetValue<string>()));
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_RenameOneOutputKeepingOldNames_ReleasesOldNameAsWritableSecret()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var secret = await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        (await PatchAsync(setup, new { secretsMapping = new { clientId = "AZURE_CLIENT_ID", clientSecret = "NEW_SECRET" }, keepRenamedSecrets = true }))
            .ShouldBe(HttpStatusCode.OK);

        var kept = (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal(secret, kept["secretValue"]!.GetValue<string>());
        Assert.False(kept["isRotatedSecret"]!.GetValue<bool>());
        Assert.Equal(secret, await Scenario.SecretValueAsync(Server, setup.ProjectId, "NEW_SECRET"));
        var clientId = (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_ID")).ShouldBe(HttpStatusCode.OK).Body["secret"]!;
        Assert.Equal(1, clientId["version"]!.GetValue<int>());
        Assert.True(clientId["isRotatedSecret"]!.GetValue<bool>());
        (await Server.Api.PatchAsync("/api/v3/secrets/raw/AZURE_CLIENT_SECRET", new { workspaceId = setup.ProjectId, environment = "dev", secretPath = "/", secretValue = "mine now" }))
            .ShouldBe(HttpStatusCode.OK);

        await Scenario.RotateAsync(Server, setup.RotationId);

        Assert.Equal("mine now", await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.NotEqual(secret, await Scenario.SecretValueAsync(Server, setup.ProjectId, "NEW_SECRET"));
    }

    [Fact]
    public async Task Patch_MappingToExistingSecret_Is400NamingOutputAndChangesNothing()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        await Scenario.CreateSecretAsync(Server, setup.ProjectId, "HUMAN", "a human's value");
        var before = await GetAsync(setup);

        var response = (await PatchAsync(setup, new { secretsMapping = new { clientId = "FRESH_ID", clientSecret = "HUMAN" }, description = "changed" }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["must not name an existing secret: 'HUMAN' already exists in the rotation's folder"], response.ErrorsFor("secretsMapping.clientSecret"));
        Assert.Equal(before.ToJsonString(), (await GetAsync(setup)).ToJsonString());
        Assert.Equal("a human's value", await Scenario.SecretValueAsync(Server, setup.ProjectId, "HUMAN"));
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "FRESH_ID")).ShouldBe(HttpStatusCode.NotFound);
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"secretsMapping": {"clientId": "AZURE_CLIENT_ID"}}""", "secretsMapping.clientSecret", "is required")]
    [InlineData("""{"secretsMapping": {"clientId": "X", "clientSecret": "Y", "keyId": "Z"}}""", "secretsMapping.keyId", "is not an output of this rotation type (outputs: clientId, clientSecret)")]
    [InlineData("""{"secretsMapping": {"clientId": "SAME", "clientSecret": "SAME"}}""", "secretsMapping.clientSecret", "must differ from the other mapped secret names")]
    [InlineData("""{"keepRenamedSecrets": "yes"}""", "keepRenamedSecrets", "must be true or false")]
    [InlineData("""{"parameters": {"appName": ""}}""", "parameters.appName", "must not be empty")]
    [InlineData("""{"parameters": {"tenantId": "x"}}""", "parameters.tenantId", "is not a parameter of this rotation type (parameters: objectId, clientId, appName, existingClientSecretId)")]
    [InlineData("""{"parameters": {"objectId": null}}""", "parameters.objectId", "cannot be changed after creation; create a new rotation instead")]
    [InlineData("""{"parameters": []}""", "parameters", "must be an object")]
    [InlineData("""{"connectionId": "nope"}""", "connectionId", "must be a GUID")]
    [InlineData("""{"connectionId": "7d3f0c1e-0000-4000-8000-000000000001"}""", "connectionId", "must name an existing azure app connection")]
    [InlineData("""{"environment": "prod"}""", "environment", "cannot be changed after creation; create a new rotation instead")]
    [InlineData("""{"isArchived": true}""", "isArchived",
        "is not a known field (fields: name, description, connectionId, parameters, secretsMapping, keepRenamedSecrets, isDeleteProtected, isAutoRotationEnabled, rotationInterval, rotateAtUtc, rotationSchedule, projectId, environment, secretPath, type)")]
    [InlineData("""{"rotateAtUtc": {"hour": 3}}""", "rotateAtUtc.hour", "is not a known field (fields: hours, minutes)")]
    public async Task Patch_BrokenRule_Is400NamingFieldAndRuleAndChangesNothing(string body, string field, string rule)
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var before = await GetAsync(setup);

        var response = (await Server.Api.SendRawAsync(HttpMethod.Patch, $"{Path}/{setup.RotationId}", body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal([rule], response.ErrorsFor(field));
        Assert.Equal(before.ToJsonString(), (await GetAsync(setup)).ToJsonString());
        Assert.Equal(2, (await Server.Api.GetAsync($"/api/v3/secrets/raw?{Scenario.Where(setup.ProjectId)}")).ShouldBe(HttpStatusCode.OK).Body["secrets"]!.AsArray().Count);
    }

    [Fact]
    public async Task Patch_ChangeableParameter_ChangesItAndKeepsTheOthers()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        // objectId sent back unchanged (in upper case) is allowed: a client may send back what it read.
        var r = (await PatchAsync(setup, new { parameters = new { appName = "renamed app", objectId = setup.App.ObjectId.ToUpperInvariant() } }))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("renamed app", r["parameters"]!["appName"]!.GetValue<string>());
        Assert.Equal(setup.App.ClientId, r["parameters"]!["clientId"]!.GetValue<string>());
        Assert.Equal("renamed app", (await GetAsync(setup))["parameters"]!["appName"]!.GetValue<string>());
        Assert.Equal("success", (await Scenario.RotateAsync(Server, setup.RotationId))["rotationStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_RemoveOptionalParameter_DropsIt()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        var r = (await Server.Api.SendRawAsync(HttpMethod.Patch, $"{Path}/{setup.RotationId}", """{"parameters": {"appName": null}}"""))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal(["clientId", "objectId"], r["parameters"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Patch_ConnectionId_NextRotationUsesItAndTheOldOneIsFree()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var other = await Scenario.CreateConnectionAsync(Server);

        var r = (await PatchAsync(setup, new { connectionId = other })).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal(other, r["connectionId"]!.GetValue<string>());
        Assert.Equal(other, r["connection"]!["id"]!.GetValue<string>());
        Assert.Equal("success", (await Scenario.RotateAsync(Server, setup.RotationId))["rotationStatus"]!.GetValue<string>());
        (await Server.Api.DeleteAsync($"/api/v1/app-connections/azure/{setup.ConnectionId}")).ShouldBe(HttpStatusCode.OK);
        (await Server.Api.DeleteAsync($"/api/v1/app-connections/azure/{other}")).ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Patch_NameTakenInFolder_Is400NamingName()
    {
        var setup = await Scenario.CreateRotationAsync(Server, "first");
        var second = Scenario.RotationBody(setup.ProjectId, setup.ConnectionId, Scenario.CreateTargetApp(Server), "second");
        second["secretsMapping"] = new { clientId = "SECOND_ID", clientSecret = "SECOND_SECRET" };
        (await Server.Api.PostAsync(Path, second)).ShouldBe(HttpStatusCode.OK);

        var response = (await PatchAsync(setup, new { name = "second", secretsMapping = new { clientId = "FIRST_ID", clientSecret = "FIRST_SECRET" } }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["must be unique in the folder: a secret rotation named 'second' already exists there"], response.ErrorsFor("name"));
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "FIRST_SECRET")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_RotationSchedule_IsAKnownField()
    {
        var setup = await Scenario.CreateRotationAsync(Server);

        (await PatchAsync(setup, new { rotationSchedule = "0 2 * * *" })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Patch_RenameWhileRotating_IsBusyAndRenamesNothing()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        Server.Emulator.Control.InjectFault(new FaultRule("POST", $"{setup.App.ObjectId}/addPassword", 0, Delay: TimeSpan.FromSeconds(2)));
        var rotating = Server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);
        for (var i = 0; i < 200 && Server.Emulator.Control.RequestCount("POST", $"{setup.App.ObjectId}/addPassword") < 2; i++)
        {
            await Task.Delay(25);
        }

        var patch = await PatchAsync(setup, new { secretsMapping = new { clientId = "BUSY_ID", clientSecret = "BUSY_SECRET" } });
        (await rotating).ShouldBe(HttpStatusCode.OK);

        patch.ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("AZURE_CLIENT_SECRET", (await GetAsync(setup))["secretsMapping"]!["clientSecret"]!.GetValue<string>());
        (await Scenario.GetSecretAsync(Server, setup.ProjectId, "BUSY_SECRET")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal(2, (await Scenario.GetSecretAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.OK).Body["secret"]!["version"]!.GetValue<int>());
    }

    private Task<ApiResponse> PatchAsync(RotationSetup setup, object body) => Server.Api.PatchAsync($"{Path}/{setup.RotationId}", body);

    private async Task<System.Text.Json.Nodes.JsonNode> GetAsync(RotationSetup setup) =>
        (await Server.Api.GetAsync($"{Path}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
}
