using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Hosting;

/// <summary>A restart on the same data directory keeps everything: token, projects, sealed secrets, connections, rotations.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_SameDataDirectory_KeepsEverythingReadableAndRotating()
    {
        await using var server = await TestServer.StartAsync();
        var token = server.Host.RootToken;
        var setup = await Scenario.CreateRotationAsync(server);
        await Scenario.CreateSecretAsync(server, setup.ProjectId, "PLAIN", "plain-before-restart");
        var rotatedSecret = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        await server.RestartAsync();

        Assert.Equal(token, server.Host.RootToken);
        var project = (await server.Api.GetAsync($"/api/v1/projects/{setup.ProjectId}")).ShouldBe(HttpStatusCode.OK).Body["project"]!;
        Assert.Equal(3, project["environments"]!.AsArray().Count);
        Assert.Equal("plain-before-restart", await Scenario.SecretValueAsync(server, setup.ProjectId, "PLAIN"));
        Assert.Equal(rotatedSecret, await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET"));
        (await server.Api.GetAsync($"/api/v1/app-connections/azure/{setup.ConnectionId}")).ShouldBe(HttpStatusCode.OK);
        var rotation = (await server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(setup.Rotation["lastRotationJobId"]!.GetValue<string>(), rotation["lastRotationJobId"]!.GetValue<string>());
        var credentials = (await server.Api.GetAsync($"{Scenario.RotationsPath}/{setup.RotationId}/generated-credentials")).ShouldBe(HttpStatusCode.OK).Body;
        Assert.Equal(rotatedSecret, credentials["generatedCredentials"]![0]!["clientSecret"]!.GetValue<string>());

        var rotated = await Scenario.RotateAsync(server, setup.RotationId);

        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(1, rotated["activeIndex"]!.GetValue<int>());
        var next = await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET");
        Assert.NotEqual(rotatedSecret, next);
        Assert.True(server.Emulator.Control.Authenticates(setup.App.ClientId, next), "the connection's sealed credentials must still open after restart");
    }

    [Fact]
    public async Task Restart_OldToken_StillAuthenticatesNewProcess()
    {
        await using var server = await TestServer.StartAsync();
        var token = server.Host.RootToken;
        await server.RestartAsync();

        var response = await server.Api.SendAsync(HttpMethod.Get, "/api/v1/projects", null, tokenOverride: token);

        response.ShouldBe(HttpStatusCode.OK);
    }
}
