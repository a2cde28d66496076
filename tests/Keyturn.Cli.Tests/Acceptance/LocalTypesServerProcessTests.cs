using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyturn.Cli.Tests.Operations;
using Keyturn.Tests.Shared;
using Keyturn.Tests.Shared.Logging;

namespace Keyturn.Cli.Tests.Acceptance;

/// <summary>
/// The built `keyturn server` as a process, configured only by its flags: --scripts-dir, --outbound-allow and
/// --extra-ca-file reach the script and rest-api rotation types.
/// </summary>
public sealed class LocalTypesServerProcessTests
{
    [Fact]
    public async Task Server_ScriptsDirOutboundAllowAndExtraCaFlags_ReachTheRotationTypes()
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-local-process-").FullName;
        try
        {
            await using var api = await PasswordApi.StartAsync();
            var script = ScriptTarget.Create(Path.Combine(directory, "my-scripts"), Path.Combine(directory, "target"));
            var token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            using var server = await ServerProcess.StartAsync(Path.Combine(directory, "data"), ServerProcess.TraceEnvironment(token), new HashSet<string>(StringComparer.Ordinal) { token },
                "--urls", "http://127.0.0.1:0", "--scripts-dir", script.ScriptsDirectory,
                "--outbound-allow", $"api.example.com,127.0.0.1:{api.Port}", "--extra-ca-file", api.CaPath);
            var secrets = new SecretValueRecorder();
            using var http = server.Client(token, new SecretRecordingHandler(secrets));

            var projectId = (await OkAsync(http, "api/v1/projects", new { projectName = "local-types" }))["project"]!["id"]!.GetValue<string>();
            var connectionId = (await OkAsync(http, "api/v1/app-connections/local", new { name = "local" }))["appConnection"]!["id"]!.GetValue<string>();
            foreach (var (key, value) in new[] { ("API_TOKEN", api.AdminToken), (ScriptTarget.AdminTokenSecret, script.AdminToken) })
            {
                await OkAsync(http, $"api/v3/secrets/raw/{key}", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = value });
            }

            var restRotation = await OkAsync(http, "api/v2/secret-rotations/rest-api", Body(projectId, connectionId, "svc", new
            {
                username = PasswordApi.User,
                request = new
                {
                    url = $"{api.BaseUrl}/users/{{{{username}}}}/password",
                    headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{secret:API_TOKEN}}" },
                    body = "{\"password\": \"{{newPassword}}\"}",
                },
                verify = new { url = $"{api.BaseUrl}/login", body = "{\"username\": \"{{username}}\", \"password\": \"{{newPassword}}\"}" },
            }, new { password = "SVC_PASSWORD" }));
            await OkAsync(http, "api/v2/secret-rotations/script", Body(projectId, connectionId, "okta", script.Parameters(), new { password = "OKTA_PASSWORD" }));

            Assert.True(api.Accepts(await SecretAsync(http, projectId, "SVC_PASSWORD")));
            Assert.True(script.Accepts(await SecretAsync(http, projectId, "OKTA_PASSWORD")));

            // Errors in the provider's words: the service's refusal reads status first, then its own body.
            using (var patched = await http.PatchAsJsonAsync("api/v3/secrets/raw/API_TOKEN", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = "not-the-admin-token" }))
            {
                Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
            }

            var failed = (await OkAsync(http, $"api/v2/secret-rotations/rest-api/{restRotation["secretRotation"]!["id"]!.GetValue<string>()}/rotate-secrets", new { }))["secretRotation"]!;
            Assert.Equal("failed", failed["rotationStatus"]!.GetValue<string>());
            Assert.Contains("failed: HTTP 401 Unauthorized: {\"error\":\"invalid admin token\"}", failed["lastRotationMessage"]!.GetValue<string>(), StringComparison.Ordinal);
            // Every value sent or read through the client: the server's output is checked for them on dispose.
            server.Secrets.UnionWith(secrets.Values);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static object Body(string projectId, string connectionId, string name, object parameters, object mapping) =>
        new { name, projectId, connectionId, environment = "dev", secretPath = "/", isAutoRotationEnabled = false, parameters, secretsMapping = mapping };

    private static async Task<JsonNode> OkAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<string> SecretAsync(HttpClient http, string projectId, string key) =>
        JsonNode.Parse(await http.GetStringAsync($"api/v3/secrets/raw/{key}?workspaceId={projectId}&environment=dev&secretPath=/"))!["secret"]!["secretValue"]!.GetValue<string>();
}
