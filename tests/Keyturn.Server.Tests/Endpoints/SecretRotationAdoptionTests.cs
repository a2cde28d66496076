using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// Taking over a client secret made by hand (parameters.existingClientSecretId): it keeps working until the first
/// rotation after create, which revokes it; a key id the app does not have is refused before any change.
/// </summary>
public sealed class SecretRotationAdoptionTests
{
    [Fact]
    public async Task Create_WithExistingSecret_AdoptsItUntilTheFirstRotationRevokesIt()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);
        var human = HumanMadeKeyId(server, app);

        var created = (await server.Api.PostAsync(Scenario.RotationsPath, Body(projectId, connectionId, app, human.ToString()))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var id = created["id"]!.GetValue<string>();
        var set0 = await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET");

        Assert.Equal(0, created["activeIndex"]!.GetValue<int>());
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, set0));
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, app.InitialSecret!), "the adopted secret stays valid until the first rotation");
        var credentials = (await server.Api.GetAsync($"{Scenario.RotationsPath}/{id}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body;
        Assert.Equal(1, credentials["adoptedCredential"]!["slot"]!.GetValue<int>());
        Assert.Equal(human, Guid.Parse(credentials["adoptedCredential"]!["credentialId"]!.GetValue<string>()));
        Assert.Null(credentials["generatedCredentials"]![1]);

        var first = await Scenario.RotateAsync(server, id);
        var after = (await server.Api.GetAsync($"{Scenario.RotationsPath}/{id}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body;
        Assert.Null(after["adoptedCredential"]);
        var set1 = await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET");

        Assert.Equal(1, first["activeIndex"]!.GetValue<int>());
        Assert.False(server.Emulator.Control.Authenticates(app.ClientId, app.InitialSecret!), "the first rotation after create retires the adopted secret");
        Assert.DoesNotContain(server.Emulator.Control.ListPasswords(app.ObjectId), p => p.KeyId == human);
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, set1));
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, set0), "the previous Keyturn-made secret stays valid until the next rotation");

        await Scenario.RotateAsync(server, id);
        var set2 = await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET");

        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, set2));
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, set1));
        Assert.False(server.Emulator.Control.Authenticates(app.ClientId, set0));
        Assert.Equal(2, server.Emulator.Control.ListPasswords(app.ObjectId).Count);

        (await server.Api.DeleteAsync($"{Scenario.RotationsPath}/{id}?revokeGeneratedCredentials=true&deleteSecrets=true")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(server.Emulator.Control.ListPasswords(app.ObjectId));
    }

    [Fact]
    public async Task Delete_BeforeTheFirstRotation_WithRevoke_LeavesTheAdoptedSecretAsItWas()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);
        var human = HumanMadeKeyId(server, app);
        var id = (await server.Api.PostAsync(Scenario.RotationsPath, Body(projectId, connectionId, app, human.ToString()))).ShouldBe(HttpStatusCode.OK)
            .Body["secretRotation"]!["id"]!.GetValue<string>();

        (await server.Api.DeleteAsync($"{Scenario.RotationsPath}/{id}?revokeGeneratedCredentials=true&deleteSecrets=true")).ShouldBe(HttpStatusCode.OK);

        var left = Assert.Single(server.Emulator.Control.ListPasswords(app.ObjectId));
        Assert.Equal(human, left.KeyId);
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, app.InitialSecret!));
    }

    [Fact]
    public async Task Create_WithKeyIdTheAppDoesNotHave_FailsNamingTheParameterAndKeepsNothing()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);
        var missing = Guid.NewGuid();

        var response = await server.Api.PostAsync(Scenario.RotationsPath, Body(projectId, connectionId, app, missing.ToString()));

        Assert.Equal(HttpStatusCode.BadGateway, response.Status);
        var detail = response.Body["detail"]!.GetValue<string>();
        Assert.Contains("existingClientSecretId", detail);
        Assert.Contains(missing.ToString(), detail);
        Assert.Single(server.Emulator.Control.ListPasswords(app.ObjectId));
        var list = (await server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body;
        Assert.Empty(list["secretRotations"]!.AsArray());
    }

    [Fact]
    public async Task Create_WithMalformedKeyId_Is400NamingTheField()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);

        var response = await server.Api.PostAsync(Scenario.RotationsPath, Body(projectId, connectionId, app, "not-a-key-id"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.Body["errors"]!["parameters.existingClientSecretId"]);
        Assert.Single(server.Emulator.Control.ListPasswords(app.ObjectId));
    }

    private static Guid HumanMadeKeyId(TestServer server, EmulatedApp app) =>
        Assert.Single(server.Emulator.Control.ListPasswords(app.ObjectId)).KeyId;

    private static Dictionary<string, object?> Body(string projectId, string connectionId, EmulatedApp app, string existing)
    {
        var body = Scenario.RotationBody(projectId, connectionId, app);
        body["parameters"] = new { objectId = app.ObjectId, clientId = app.ClientId, existingClientSecretId = existing };
        return body;
    }
}
