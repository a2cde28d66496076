using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// What Azure throws at a rotation (replication delay, throttling, outages, missing rights, a revoked connection
/// secret, a concurrent attempt): consumers only ever see a credential that works, and nothing is stranded.
/// Fault rules are scoped to each test's own target app; tests that change emulator-wide settings get their own server.
/// </summary>
public sealed class SecretRotationFailureTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task CreateAndRotate_PropagationDelay_PublishAuthenticatingSecretsOnly()
    {
        await using var server = await TestServer.StartAsync(propagationDelay: TimeSpan.FromSeconds(3));

        var setup = await Scenario.CreateRotationAsync(server);
        var first = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, first), "the created secret must work as soon as the response arrives");

        var rotated = await Scenario.RotateAsync(server, setup.RotationId);
        var second = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.NotEqual(first, second);
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, second), "the rotated secret must work as soon as the response arrives");
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, first), "the previous secret stays valid until the next rotation");
    }

    [Fact]
    public async Task RotateSecrets_PropagationLongerThanVerifyTimeout_FailsAndRevokesUnverifiedCredential()
    {
        // The emulator's clock never moves, so the new secret never propagates: the verify timeout (on Keyturn's own,
        // real clock) is certain to run out first, however slow the machine.
        await using var server = await TestServer.StartAsync(verifyTimeout: TimeSpan.FromSeconds(2), emulatorTime: FakeClock.StartingNow());
        var setup = await Scenario.CreateRotationAsync(server);
        var before = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        var slot0 = Assert.Single(Scenario.KeyturnMade(server, setup.App));
        var removesBefore = server.Emulator.Control.RequestCount("POST", $"{setup.App.ObjectId}/removePassword");
        server.Emulator.Control.PropagationDelay = TimeSpan.FromSeconds(10);

        var rotation = await Scenario.RotateAsync(server, setup.RotationId);

        Assert.Equal("failed", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Contains("not accepted within 2 s", rotation["lastRotationMessage"]!.GetValue<string>());
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal(before, await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, before));
        // Slot 1 was empty, so nothing was revoked before issuing; the issued but unverified credential was rolled back.
        Assert.Equal(slot0.KeyId, Assert.Single(Scenario.KeyturnMade(server, setup.App)).KeyId);
        Assert.Equal(removesBefore + 1, server.Emulator.Control.RequestCount("POST", $"{setup.App.ObjectId}/removePassword"));
        Assert.Equal(2, server.Emulator.Control.ListPasswords(setup.App.ObjectId).Count);
        var credentials = (await server.Api.GetAsync($"{Path}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body;
        Assert.Null(credentials["generatedCredentials"]![1]);
        Assert.Equal(before, credentials["generatedCredentials"]![0]!["clientSecret"]!.GetValue<string>());
    }

    [Fact]
    public async Task RotateSecrets_AddPasswordThrottledWithRetryAfter_RetriesAndSucceeds()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var addPassword = $"{setup.App.ObjectId}/addPassword";
        var callsBefore = Server.Emulator.Control.RequestCount("POST", addPassword);
        Server.Emulator.Control.InjectFault(new FaultRule("POST", addPassword, 429, RetryAfterSeconds: 1));

        var rotation = await Scenario.RotateAsync(Server, setup.RotationId);

        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(1, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal(callsBefore + 2, Server.Emulator.Control.RequestCount("POST", addPassword));
        Assert.True(Server.Emulator.Control.Authenticates(setup.App.ClientId, await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")));
        Assert.Equal(2, Scenario.KeyturnMade(Server, setup.App).Count);
    }

    [Fact]
    public async Task RotateSecrets_AddPasswordUnavailable_RetriesAndSucceeds()
    {
        var setup = await Scenario.CreateRotationAsync(Server);
        var addPassword = $"{setup.App.ObjectId}/addPassword";
        var callsBefore = Server.Emulator.Control.RequestCount("POST", addPassword);
        Server.Emulator.Control.InjectFault(new FaultRule("POST", addPassword, 503));

        var rotation = await Scenario.RotateAsync(Server, setup.RotationId);

        Assert.Equal("success", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Equal(callsBefore + 2, Server.Emulator.Control.RequestCount("POST", addPassword));
        Assert.True(Server.Emulator.Control.Authenticates(setup.App.ClientId, await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET")));
        Assert.Equal(2, Scenario.KeyturnMade(Server, setup.App).Count);
    }

    [Fact]
    public async Task Create_ConnectionWithoutRights_FailsAndLeavesNothing()
    {
        var powerless = Server.Emulator.Control.CreateApplication($"powerless-{Guid.NewGuid():N}"[..18], [], [], withInitialSecret: true);
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await Scenario.CreateConnectionAsync(Server, powerless.ClientId, powerless.InitialSecret);
        var app = Scenario.CreateTargetApp(Server);

        var response = await Server.Api.PostAsync(Path, Scenario.RotationBody(projectId, connectionId, app));

        response.ShouldBe(HttpStatusCode.BadGateway);
        Assert.Equal("The first rotation failed", response.Body["title"]!.GetValue<string>());
        Assert.Contains("403", response.Body["detail"]!.GetValue<string>());
        Assert.DoesNotContain(powerless.InitialSecret!, response.Text);
        Assert.Equal("initial", Assert.Single(Server.Emulator.Control.ListPasswords(app.ObjectId)).DisplayName);
        (await Scenario.GetSecretAsync(Server, projectId, "AZURE_CLIENT_ID")).ShouldBe(HttpStatusCode.NotFound);
        (await Scenario.GetSecretAsync(Server, projectId, "AZURE_CLIENT_SECRET")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty((await Server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!.AsArray());
    }

    [Fact]
    public async Task RotateSecrets_ConnectionSecretRevoked_FailsAndKeepsSecrets()
    {
        var connectionApp = Server.Emulator.Control.CreateApplication($"conn-{Guid.NewGuid():N}"[..15], ["Application.ReadWrite.All"], [], withInitialSecret: true);
        var projectId = await Scenario.CreateProjectAsync(Server);
        var connectionId = await Scenario.CreateConnectionAsync(Server, connectionApp.ClientId, connectionApp.InitialSecret);
        var app = Scenario.CreateTargetApp(Server);
        var id = (await Server.Api.PostAsync(Path, Scenario.RotationBody(projectId, connectionId, app))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var before = await Scenario.SecretValueAsync(Server, projectId, "AZURE_CLIENT_SECRET");
        Assert.True(Server.Emulator.Control.RemovePassword(connectionApp.ObjectId, Assert.Single(Server.Emulator.Control.ListPasswords(connectionApp.ObjectId)).KeyId));

        var response = (await Server.Api.PostAsync($"{Path}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK);

        var rotation = response.Body["secretRotation"]!;
        Assert.Equal("failed", rotation["rotationStatus"]!.GetValue<string>());
        var message = rotation["lastRotationMessage"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain(connectionApp.InitialSecret!, response.Text);
        Assert.DoesNotContain(before, response.Text);
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        Assert.Equal(before, await Scenario.SecretValueAsync(Server, projectId, "AZURE_CLIENT_SECRET"));
        Assert.Equal(app.ClientId, await Scenario.SecretValueAsync(Server, projectId, "AZURE_CLIENT_ID"));
        Assert.True(Server.Emulator.Control.Authenticates(app.ClientId, before));
        Assert.Single(Scenario.KeyturnMade(Server, app));
    }

    [Fact]
    public async Task RotateSecrets_TwoConcurrent_OneRunsAndTheOtherIs409()
    {
        // addPassword waits on the emulator's clock, so the first attempt holds the rotation until the test moves that
        // clock: the second request arrives mid-attempt however slow the machine is.
        var clock = FakeClock.StartingNow();
        await using var server = await TestServer.StartAsync(emulatorTime: clock);
        var setup = await Scenario.CreateRotationAsync(server);
        var addPassword = $"{setup.App.ObjectId}/addPassword";
        var callsBefore = server.Emulator.Control.RequestCount("POST", addPassword);
        server.Emulator.Control.InjectFault(new FaultRule("POST", addPassword, 0, Delay: TimeSpan.FromMinutes(1)));
        var first = server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);
        await Wait.UntilAsync(() => server.Emulator.Control.RequestCount("POST", addPassword) == callsBefore + 1, "the first attempt's addPassword");

        var second = await server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);

        // Checked before the first attempt is let go: a second attempt that ran would otherwise be awaited first.
        second.ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("Rotation in progress", second.Body["title"]!.GetValue<string>());
        await clock.AdvanceUntilAsync(() => Scenario.KeyturnMade(server, setup.App).Count == 2, TimeSpan.FromMinutes(1), maxSteps: 50);
        var rotated = (await first).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(callsBefore + 1, server.Emulator.Control.RequestCount("POST", addPassword));
        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        var made = Scenario.KeyturnMade(server, setup.App);
        Assert.Equal(2, made.Count);
        var slots = (await server.Api.GetAsync($"{Path}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body["generatedCredentials"]!;
        var current = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        Assert.Equal(slots[1]!["clientSecret"]!.GetValue<string>(), current);
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, current));
        Assert.Equal(made.Select(m => m.KeyId.ToString()).Order(), slots.AsArray().Select(s => s!["keyId"]!.GetValue<string>()).Order());
    }
}
