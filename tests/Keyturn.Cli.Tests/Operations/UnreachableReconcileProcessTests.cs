using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyturn.Cli.Tests.Acceptance;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// Errors in the provider's words, end to end: with Entra and Graph (the emulator process) gone, `keyturn rotation
/// reconcile` against a real server process reports each slot `unreachable`, naming why, instead of failing with 502.
/// </summary>
public sealed class UnreachableReconcileProcessTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-reconcile-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reconcile_EmulatorStopped_EverySlotUnreachableAndExit0()
    {
        var emulator = await EmulatorProcess.StartAsync(Path.Combine(_directory, "emulator"));
        var secrets = new HashSet<string>(StringComparer.Ordinal) { _token, emulator.AdminSecret };
        using var server = KeyturnProcess.Start(
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = emulator.CaPath, ["KEYTURN_ROOT_TOKEN"] = _token, ["Logging__LogLevel__Default"] = "Trace" },
            "server", "--data-dir", Path.Combine(_directory, "data"), "--urls", "http://127.0.0.1:0");
        try
        {
            var listening = await server.WaitForLineAsync(l => l.StartsWith("Keyturn listening on ", StringComparison.Ordinal), Bound);
            var address = new Uri(listening["Keyturn listening on ".Length..].Split(' ')[0]);
            using var api = new HttpClient { BaseAddress = address, Timeout = Bound };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            var rotationId = await CreateRotationAsync(api, emulator);
            emulator.Dispose();

            var (exitCode, lines) = await OperationsServer.RunAsync(
                new Dictionary<string, string> { ["KEYTURN_ADDR"] = address.AbsoluteUri, ["KEYTURN_TOKEN"] = _token },
                "rotation", "reconcile", rotationId, "--apply", "-o", "json");

            Assert.True(exitCode == 0, string.Join('\n', lines));
            var findings = JsonNode.Parse(string.Join('\n', lines))!["reconcile"]!["findings"]!.AsArray();
            Assert.Equal(2, findings.Count);
            Assert.All(findings, f =>
            {
                Assert.Equal("unreachable", f!["kind"]!.GetValue<string>());
                Assert.Contains("Connection refused", f["message"]!.GetValue<string>(), StringComparison.Ordinal);
            });
        }
        finally
        {
            emulator.Dispose();
            server.Dispose();
            var leaks = LogLeakCheck.FindInOutput("keyturn server", server.Output, secrets);
            Assert.True(leaks.Count == 0, LogLeakCheck.Describe(leaks, server.Output.Count, secrets.Count));
        }
    }

    /// <summary>A project, a connection to the emulator, and an azure-client-secret rotation rotated once (two slots).</summary>
    private static async Task<string> CreateRotationAsync(HttpClient api, EmulatorProcess emulator)
    {
        var projectId = (await PostAsync(api, "api/v1/projects", new { projectName = "reconcile" }))["project"]!["id"]!.GetValue<string>();
        var connectionId = (await PostAsync(api, "api/v1/app-connections/azure", new
        {
            name = "emulator",
            method = "client-secret",
            credentials = new { tenantId = emulator.TenantId, clientId = emulator.AdminClientId, clientSecret = emulator.AdminSecret },
            endpoints = new { authorityHost = emulator.Uri.AbsoluteUri, graph = emulator.Uri.AbsoluteUri },
        }))["appConnection"]!["id"]!.GetValue<string>();
        var target = await emulator.Control.CreateApplicationAsync("reconcile-target", [], [emulator.AdminObjectId]);
        var rotationId = (await PostAsync(api, "api/v2/secret-rotations/azure-client-secret", new
        {
            name = "reconcile",
            projectId,
            connectionId,
            environment = "dev",
            secretPath = "/",
            isAutoRotationEnabled = true,
            rotationInterval = 30,
            rotateAtUtc = new { hours = 0, minutes = 0 },
            parameters = new { objectId = target.ObjectId, clientId = target.ClientId },
            secretsMapping = new { clientId = "AZURE_CLIENT_ID", clientSecret = "AZURE_CLIENT_SECRET" },
        }))["secretRotation"]!["id"]!.GetValue<string>();
        await PostAsync(api, $"api/v2/secret-rotations/azure-client-secret/{rotationId}/rotate-secrets", new { });
        return rotationId;
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
