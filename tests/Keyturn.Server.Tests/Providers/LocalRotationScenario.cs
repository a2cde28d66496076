using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Providers;

/// <summary>What the script and rest-api tests share: a project, a "local" connection and the create body.</summary>
public static class LocalRotationScenario
{
    public static async Task<(string ProjectId, string ConnectionId)> CreateAsync(TestServer server)
    {
        var projectId = await Scenario.CreateProjectAsync(server);
        var connection = (await server.Api.PostAsync("/api/v1/app-connections/local", new { name = $"local-{Guid.NewGuid():N}"[..20] })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("none", connection.Body["appConnection"]!["method"]!.GetValue<string>());
        return (projectId, connection.Body["appConnection"]!["id"]!.GetValue<string>());
    }

    public static object Body(string projectId, string connectionId, object parameters, object mapping, string name = "local-rotation") => new
    {
        name,
        projectId,
        connectionId,
        environment = "dev",
        secretPath = "/",
        isAutoRotationEnabled = false,
        parameters,
        secretsMapping = mapping,
    };

    public static async Task<IReadOnlyList<JsonNode>> RotationsAsync(TestServer server, string projectId) =>
        (await server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["secretRotations"]!.AsArray().Select(r => r!).ToList();
}
