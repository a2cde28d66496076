using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.InfisicalSdk;

/// <summary>
/// The official Infisical Node SDK (@infisical/sdk 5.0.2, installed by .ci/infisical-sdk-setup.sh), unchanged and
/// pointed at a real Keyturn server with siteUrl, holding only identity tokens from universal-auth login (never the root
/// token): a viewer identity lists a folder and reads a secret (latest and an older version), a developer identity
/// writes one (create, update, delete), the viewer is refused a write and an environment outside its membership, and a
/// wrong client secret is refused, all over real HTTP from a real node process.
/// </summary>
public sealed class InfisicalSdkTests
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "InfisicalSdk", "sdk-check.mjs");

    [InfisicalSdkFact]
    public async Task OfficialNodeSdk_LogsInWithUniversalAuthAndListsAndReadsSecrets()
    {
        var sdkDirectory = InstalledInfisicalSdk.RequireDirectory();
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var apiUrl = $"https://api-{Guid.NewGuid():N}.internal";
        var passwordV1 = $"first-{Guid.NewGuid():N}";
        var passwordV2 = $"second-{Guid.NewGuid():N}";
        await Scenario.CreateSecretAsync(server, projectId, "API_URL", apiUrl, "/api");
        await Scenario.CreateSecretAsync(server, projectId, "DB_PASSWORD", passwordV1, "/api");
        (await server.Api.PatchAsync("/api/v3/secrets/raw/DB_PASSWORD", new { workspaceId = projectId, environment = "dev", secretPath = "/api", secretValue = passwordV2 }))
            .ShouldBe(HttpStatusCode.OK);
        // Neighbours that the SDK's folder listing must leave out: another folder, another environment.
        await Scenario.CreateSecretAsync(server, projectId, "ROOT_ONLY", "not-in-api", "/");
        (await server.Api.PostAsync("/api/v3/secrets/raw/STAGING_ONLY", new { workspaceId = projectId, environment = "staging", secretPath = "/api", secretValue = "not-in-dev" }))
            .ShouldBe(HttpStatusCode.OK);
        // The root token only bootstraps: two identities, each with the least role its part needs, limited to dev and /api.
        var reader = await SdkIdentityAsync(server, projectId, "sdk-reader", "viewer");
        var writer = await SdkIdentityAsync(server, projectId, "sdk-writer", "developer");

        var run = await NodeScript.RunAsync(Script, sdkDirectory, new Dictionary<string, string>
        {
            ["KEYTURN_SITE_URL"] = server.Host.Address.AbsoluteUri,
            ["KEYTURN_CLIENT_ID"] = reader.ClientId,
            ["KEYTURN_CLIENT_SECRET"] = reader.ClientSecret,
            ["KEYTURN_WRITER_CLIENT_ID"] = writer.ClientId,
            ["KEYTURN_WRITER_CLIENT_SECRET"] = writer.ClientSecret,
            ["KEYTURN_PROJECT_ID"] = projectId,
            ["KEYTURN_ENVIRONMENT"] = "dev",
            ["KEYTURN_OTHER_ENVIRONMENT"] = "staging",
            ["KEYTURN_SECRET_PATH"] = "/api",
            ["KEYTURN_SECRET_NAME"] = "DB_PASSWORD",
        }, TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, $"node exited {run.ExitCode}: {run.StandardError}");
        Assert.DoesNotContain(reader.ClientSecret, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(writer.ClientSecret, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Host.RootToken, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        var result = JsonNode.Parse(run.StandardOutput.Trim().Split('\n')[^1])!;

        Assert.True(result["login"]!["ok"]!.GetValue<bool>(), $"universal-auth login failed: {result["login"]!["error"]}");
        Assert.True(result["login"]!["gotToken"]!.GetValue<bool>());
        Assert.True(result["writerLogin"]!["ok"]!.GetValue<bool>(), $"the writer's universal-auth login failed: {result["writerLogin"]!["error"]}");

        var list = Succeeded(result, "list");
        var secrets = list["secrets"]!.AsArray().OrderBy(s => s!["secretKey"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        Assert.Equal(["API_URL", "DB_PASSWORD"], secrets.Select(s => s!["secretKey"]!.GetValue<string>()));
        Assert.Equal([apiUrl, passwordV2], secrets.Select(s => s!["secretValue"]!.GetValue<string>()));
        Assert.All(secrets, s => Assert.Equal("/api", s!["secretPath"]!.GetValue<string>()));
        Assert.All(secrets, s => Assert.Equal("dev", s!["environment"]!.GetValue<string>()));
        Assert.Empty(list["imports"]!.AsArray());

        var latest = Succeeded(result, "get");
        Assert.Equal("DB_PASSWORD", latest["secretKey"]!.GetValue<string>());
        Assert.Equal(passwordV2, latest["secretValue"]!.GetValue<string>());
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        Assert.Equal(passwordV1, Succeeded(result, "getFirstVersion").GetValue<string>());
        Assert.Equal(["API_URL", "DB_PASSWORD"], Succeeded(result, "withImports").AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(passwordV2, Succeeded(result, "attachToProcessEnv").GetValue<string>());

        var write = Succeeded(result, "write");
        Assert.Equal(1, write["createdVersion"]!.GetValue<int>());
        Assert.Equal(2, write["updatedVersion"]!.GetValue<int>());
        Assert.Equal("updated-by-the-sdk", write["readValue"]!.GetValue<string>());
        Assert.Equal(404, result["readDeleted"]!["status"]!.GetValue<int>());
        (await server.Api.GetAsync($"/api/v3/secrets/raw/SDK_WRITTEN?{Scenario.Where(projectId, secretPath: "/api")}")).ShouldBe(HttpStatusCode.NotFound);

        Assert.False(result["badLogin"]!["ok"]!.GetValue<bool>(), "a wrong client secret logged in");
        Assert.Equal(401, result["badLogin"]!["status"]!.GetValue<int>());

        const string refused = """{"ok":false,"status":403}""";
        Assert.Equal(refused, result["viewerWrite"]!.ToJsonString());
        (await server.Api.GetAsync($"/api/v3/secrets/raw/VIEWER_WROTE?{Scenario.Where(projectId, secretPath: "/api")}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal(refused, result["otherEnvironment"]!.ToJsonString());
    }

    private sealed record SdkIdentity(string ClientId, string ClientSecret);

    private static async Task<SdkIdentity> SdkIdentityAsync(TestServer server, string projectId, string name, string role)
    {
        var id = (await server.Api.PostAsync("/api/v1/identities", new { name })).ShouldBe(HttpStatusCode.OK).Body["identity"]!["id"]!.GetValue<string>();
        (await server.Api.PostAsync($"/api/v1/projects/{projectId}/memberships", new { identityId = id, role, environments = new[] { "dev" }, secretPathPrefixes = new[] { "/api" } }))
            .ShouldBe(HttpStatusCode.OK);
        var created = (await server.Api.PostAsync($"/api/v1/identities/{id}/universal-auth/client-secrets", new { description = "sdk test" })).ShouldBe(HttpStatusCode.OK).Body;
        return new SdkIdentity(created["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }

    /// <summary>The value of a step the script reports as <c>{ok, value}</c>, or a failure naming the SDK's error.</summary>
    private static JsonNode Succeeded(JsonNode result, string step)
    {
        var outcome = result[step]!;
        Assert.True(outcome["ok"]!.GetValue<bool>(), $"SDK step '{step}' failed: {outcome["error"]}");
        return outcome["value"]!;
    }
}
