using System.Net;
using Keyturn.AzureEmulator;

namespace Keyturn.Server.Tests.Support;

/// <summary>Builds the usual objects of a test (project, connection, target app, rotation) through the API.</summary>
public static class Scenario
{
    public static async Task<string> CreateProjectAsync(TestServer server, string? name = null)
    {
        var response = (await server.Api.PostAsync("/api/v1/projects", new { projectName = name ?? $"p-{Guid.NewGuid():N}" })).ShouldBe(HttpStatusCode.OK);
        return response.Body["project"]!["id"]!.GetValue<string>();
    }

    public static object ConnectionBody(AzureEmulatorHost emulator, string? name = null, string? clientId = null, string? secret = null) => new
    {
        name = name ?? $"c-{Guid.NewGuid():N}"[..20],
        description = "test connection",
        method = "client-secret",
        credentials = new { tenantId = emulator.TenantId, clientId = clientId ?? emulator.AdminApp.ClientId, clientSecret = secret ?? emulator.AdminApp.InitialSecret },
        endpoints = new { authorityHost = emulator.AuthorityHost.AbsoluteUri, graph = emulator.GraphEndpoint.AbsoluteUri },
    };

    public static async Task<string> CreateConnectionAsync(TestServer server, string? clientId = null, string? secret = null)
    {
        var response = (await server.Api.PostAsync("/api/v1/app-connections/azure", ConnectionBody(server.Emulator, clientId: clientId, secret: secret))).ShouldBe(HttpStatusCode.OK);
        return response.Body["appConnection"]!["id"]!.GetValue<string>();
    }

    /// <summary>A fresh app to rotate, owned by the admin app, with one pre-existing secret made "by a human".</summary>
    public static EmulatedApp CreateTargetApp(TestServer server) =>
        server.Emulator.Control.CreateApplication($"target-{Guid.NewGuid():N}"[..15], [], [server.Emulator.AdminApp.ObjectId], withInitialSecret: true);

    /// <summary>Hanzo KMS's sample request body, with the ids of this test.</summary>
    public static Dictionary<string, object?> RotationBody(string projectId, string connectionId, EmulatedApp app, string name = "my-azure-rotation") => new()
    {
        ["name"] = name,
        ["projectId"] = projectId,
        ["description"] = "my client secret rotation",
        ["connectionId"] = connectionId,
        ["environment"] = "dev",
        ["secretPath"] = "/",
        ["isAutoRotationEnabled"] = true,
        ["rotationInterval"] = 30,
        ["rotateAtUtc"] = new { hours = 0, minutes = 0 },
        ["parameters"] = new { objectId = app.ObjectId, clientId = app.ClientId, appName = app.DisplayName },
        ["secretsMapping"] = new { clientId = "AZURE_CLIENT_ID", clientSecret = "AZURE_CLIENT_SECRET" },
    };

    public static async Task<string> SecretValueAsync(TestServer server, string projectId, string key)
    {
        var response = (await server.Api.GetAsync($"/api/v3/secrets/raw/{key}?workspaceId={projectId}&environment=dev&secretPath=/")).ShouldBe(HttpStatusCode.OK);
        return response.Body["secret"]!["secretValue"]!.GetValue<string>();
    }
}
