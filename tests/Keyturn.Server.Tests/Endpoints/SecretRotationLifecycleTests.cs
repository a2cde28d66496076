using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>The zero-downtime story end to end: create, rotate twice, with the real Azure SDK against the emulator.</summary>
public sealed class SecretRotationLifecycleTests
{
    private const string RotationsPath = "/api/v2/secret-rotations/azure-client-secret";

    [Fact]
    public async Task Create_SampleBody_PublishesWorkingSecretsInSlotZero()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);

        var created = (await server.Api.PostAsync(RotationsPath, Scenario.RotationBody(projectId, connectionId, app))).ShouldBe(HttpStatusCode.OK);

        var rotation = created.Body["secretRotation"]!;
        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal("azure-client-secret", rotation["type"]!.GetValue<string>());
        Assert.Equal("dev", rotation["environment"]!["slug"]!.GetValue<string>());
        Assert.Equal("/", rotation["folder"]!["path"]!.GetValue<string>());
        Assert.Equal("AZURE_CLIENT_SECRET", rotation["secretsMapping"]!["clientSecret"]!.GetValue<string>());
        Assert.NotNull(rotation["nextRotationAt"]);
        Assert.Equal(app.ClientId, await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_ID"));
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET")));

        var made = KeyturnMade(server.Emulator, app);
        var label = Assert.Single(made).DisplayName!;
        Assert.Contains("Keyturn", label);
        Assert.Contains(rotation["id"]!.GetValue<string>(), label);
        Assert.Contains(rotation["lastRotationJobId"]!.GetValue<string>(), label);
    }

    [Fact]
    public async Task RotateSecrets_Twice_KeepsPreviousValidAndRevokesOldest()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);
        var id = (await server.Api.PostAsync(RotationsPath, Scenario.RotationBody(projectId, connectionId, app))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var first = await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET");

        var r1 = (await server.Api.PostAsync($"{RotationsPath}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var second = await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET");

        Assert.Equal(1, r1["activeIndex"]!.GetValue<int>());
        Assert.NotEqual(first, second);
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, second));
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, first));
        Assert.Equal(2, KeyturnMade(server.Emulator, app).Count);

        var r2 = (await server.Api.PostAsync($"{RotationsPath}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var third = await Scenario.SecretValueAsync(server, projectId, "AZURE_CLIENT_SECRET");

        Assert.Equal(0, r2["activeIndex"]!.GetValue<int>());
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, third));
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, second));
        Assert.False(server.Emulator.Control.Authenticates(app.ClientId, first));
        Assert.Equal(2, KeyturnMade(server.Emulator, app).Count);
        Assert.True(server.Emulator.Control.Authenticates(app.ClientId, app.InitialSecret!), "the pre-existing secret must be untouched");
        Assert.Equal(3, server.Emulator.Control.ListPasswords(app.ObjectId).Count);
    }

    private static List<PasswordCredentialInfo> KeyturnMade(AzureEmulatorHost emulator, EmulatedApp app) =>
        emulator.Control.ListPasswords(app.ObjectId).Where(p => p.DisplayName?.StartsWith("Keyturn", StringComparison.Ordinal) == true).ToList();
}
