using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.InfisicalSdk;

/// <summary>
/// The official Infisical Node SDK (@infisical/sdk 5.0.2, installed by .ci/infisical-sdk-setup.sh), unchanged and
/// pointed at a real Keyturn server with siteUrl: it logs in with universal auth, lists a folder, reads a secret (latest
/// and an older version), writes one (create, update, delete), and is refused a wrong client secret, all over real HTTP
/// from a real node process.
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
        var identity = (await server.Api.PostAsync("/api/v1/identities", new { name = "sdk-reader" })).ShouldBe(HttpStatusCode.OK).Body["identity"]!;
        var clientSecret = (await server.Api.PostAsync($"/api/v1/identities/{identity["id"]!.GetValue<string>()}/universal-auth/client-secrets", new { description = "sdk test" }))
            .ShouldBe(HttpStatusCode.OK).Body["clientSecret"]!.GetValue<string>();
        // Developer, since the SDK also writes; limited to the folder it works in, as a deployment would be.
        (await server.Api.PostAsync($"/api/v1/projects/{projectId}/memberships",
                new { identityId = identity["id"]!.GetValue<string>(), role = "developer", environments = new[] { "dev" }, secretPathPrefixes = new[] { "/api" } }))
            .ShouldBe(HttpStatusCode.OK);

        var run = await NodeScript.RunAsync(Script, sdkDirectory, new Dictionary<string, string>
        {
            ["KEYTURN_SITE_URL"] = server.Host.Address.AbsoluteUri,
            ["KEYTURN_CLIENT_ID"] = identity["clientId"]!.GetValue<string>(),
            ["KEYTURN_CLIENT_SECRET"] = clientSecret,
            ["KEYTURN_ROOT_TOKEN"] = server.Host.RootToken,
            ["KEYTURN_PROJECT_ID"] = projectId,
            ["KEYTURN_ENVIRONMENT"] = "dev",
            ["KEYTURN_SECRET_PATH"] = "/api",
            ["KEYTURN_SECRET_NAME"] = "DB_PASSWORD",
            ["KEYTURN_READ_AS"] = "identity",
        }, TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, $"node exited {run.ExitCode}: {run.StandardError}");
        Assert.DoesNotContain(clientSecret, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Host.RootToken, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        var result = JsonNode.Parse(run.StandardOutput.Trim().Split('\n')[^1])!;

        Assert.True(result["login"]!["ok"]!.GetValue<bool>(), $"universal-auth login failed: {result["login"]!["error"]}");
        Assert.True(result["login"]!["gotToken"]!.GetValue<bool>());

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

        Assert.Equal(2, Succeeded(result, "identityList").GetValue<int>());
    }

    /// <summary>The value of a step the script reports as <c>{ok, value}</c>, or a failure naming the SDK's error.</summary>
    private static JsonNode Succeeded(JsonNode result, string step)
    {
        var outcome = result[step]!;
        Assert.True(outcome["ok"]!.GetValue<bool>(), $"SDK step '{step}' failed: {outcome["error"]}");
        return outcome["value"]!;
    }
}
