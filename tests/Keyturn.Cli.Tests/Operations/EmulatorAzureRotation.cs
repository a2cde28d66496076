using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keyturn.Cli.Tests.Acceptance;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// What the process tests that need a real provider set up on a server: a project, an azure connection to the
/// emulator process, and an azure-client-secret rotation of a new application there (its create runs the first attempt).
/// </summary>
internal static class EmulatorAzureRotation
{
    public const string Route = "api/v2/secret-rotations/azure-client-secret";

    /// <summary>The rotation as its create answered, and where it lives.</summary>
    public sealed record Created(string ProjectId, string RotationId, string ObjectId, string ClientId, JsonNode Rotation);

    /// <summary>The server's environment: the trace one, trusting the emulator's CA only through SSL_CERT_FILE.</summary>
    public static Dictionary<string, string> ServerEnvironment(EmulatorProcess emulator, string token) =>
        new(ServerProcess.TraceEnvironment(token)) { ["SSL_CERT_FILE"] = emulator.CaPath };

    public static async Task<Created> CreateAsync(HttpClient api, EmulatorProcess emulator, string name)
    {
        var projectId = (await PostAsync(api, "api/v1/projects", new { projectName = name }))["project"]!["id"]!.GetValue<string>();
        var connectionId = (await PostAsync(api, "api/v1/app-connections/azure", new
        {
            name = $"{name}-emulator",
            method = "client-secret",
            credentials = new { tenantId = emulator.TenantId, clientId = emulator.AdminClientId, clientSecret = emulator.AdminSecret },
            endpoints = new { authorityHost = emulator.Uri.AbsoluteUri, graph = emulator.Uri.AbsoluteUri },
        }))["appConnection"]!["id"]!.GetValue<string>();
        var target = await emulator.Control.CreateApplicationAsync($"{name}-target", [], [emulator.AdminObjectId]);
        var rotation = (await PostAsync(api, Route, new
        {
            name,
            projectId,
            connectionId,
            environment = "dev",
            secretPath = "/",
            isAutoRotationEnabled = true,
            rotationInterval = 30,
            rotateAtUtc = new { hours = 0, minutes = 0 },
            parameters = new { objectId = target.ObjectId, clientId = target.ClientId },
            secretsMapping = new { clientId = "AZURE_CLIENT_ID", clientSecret = "AZURE_CLIENT_SECRET" },
        }))["secretRotation"]!;
        return new Created(projectId, rotation["id"]!.GetValue<string>(), target.ObjectId, target.ClientId, rotation);
    }

    /// <summary>Posts a body and asserts 200; the answer.</summary>
    public static async Task<JsonNode> PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
