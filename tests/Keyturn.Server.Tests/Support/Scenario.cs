using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;

namespace Keyturn.Server.Tests.Support;

/// <summary>Builds the usual objects of a test (project, connection, target app, rotation) through the API.</summary>
public static class Scenario
{
    public const string RotationsPath = "/api/v2/secret-rotations/azure-client-secret";

    /// <summary>The query string that locates a folder of a project (Infisical's workspaceId/environment/secretPath).</summary>
    public static string Where(string projectId, string environment = "dev", string secretPath = "/") =>
        $"workspaceId={projectId}&environment={environment}&secretPath={Uri.EscapeDataString(secretPath)}";

    public static async Task<JsonNode> CreateSecretAsync(TestServer server, string projectId, string key, string value, string secretPath = "/")
    {
        var response = (await server.Api.PostAsync($"/api/v3/secrets/raw/{key}", new { workspaceId = projectId, environment = "dev", secretPath, secretValue = value }))
            .ShouldBe(HttpStatusCode.OK);
        return response.Body["secret"]!;
    }

    public static Task<ApiResponse> GetSecretAsync(TestServer server, string projectId, string key, string secretPath = "/") =>
        server.Api.GetAsync($"/api/v3/secrets/raw/{key}?{Where(projectId, secretPath: secretPath)}");

    /// <summary>Creates project, connection (admin app), target app and a rotation with the sample body.</summary>
    public static async Task<RotationSetup> CreateRotationAsync(TestServer server, string name = "my-azure-rotation")
    {
        var projectId = await CreateProjectAsync(server);
        var connectionId = await CreateConnectionAsync(server);
        var app = CreateTargetApp(server);
        var rotation = (await server.Api.PostAsync(RotationsPath, RotationBody(projectId, connectionId, app, name))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        return new RotationSetup(projectId, connectionId, app, rotation["id"]!.GetValue<string>(), rotation);
    }

    public static async Task<JsonNode> RotateAsync(TestServer server, string rotationId) =>
        (await server.Api.PostAsync($"{RotationsPath}/{rotationId}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

    /// <summary>The password credentials Keyturn made on an app (its label starts with "Keyturn").</summary>
    public static List<PasswordCredentialInfo> KeyturnMade(TestServer server, EmulatedApp app) =>
        server.Emulator.Control.ListPasswords(app.ObjectId).Where(p => p.DisplayName?.StartsWith("Keyturn", StringComparison.Ordinal) == true).ToList();

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

/// <summary>What <see cref="Scenario.CreateRotationAsync"/> made.</summary>
public sealed record RotationSetup(string ProjectId, string ConnectionId, EmulatedApp App, string RotationId, JsonNode Rotation);
