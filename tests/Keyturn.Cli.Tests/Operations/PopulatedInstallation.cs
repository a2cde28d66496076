using System.Security.Cryptography;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// What the operations tests back up, restore and re-key: two projects (two data keys), secrets with older versions,
/// a connection (the connections key) and a `script` rotation that has rotated, all written through a real server.
/// </summary>
public sealed class PopulatedInstallation
{
    private PopulatedInstallation(string[] projectIds, string rotationId, IReadOnlyDictionary<string, SortedDictionary<string, string>> secrets, string firstVersion)
    {
        ProjectIds = projectIds;
        RotationId = rotationId;
        Secrets = secrets;
        FirstVersionOfUpdated = firstVersion;
    }

    public const string UpdatedKey = "DB_PASSWORD";

    public IReadOnlyList<string> ProjectIds { get; }

    public string RotationId { get; }

    /// <summary>Every secret per project, as the server returned them before any backup or re-key.</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, string>> Secrets { get; }

    /// <summary>Version 1 of <see cref="UpdatedKey"/> in the first project (version 2 is current).</summary>
    public string FirstVersionOfUpdated { get; }

    public static async Task<PopulatedInstallation> CreateAsync(OperationsServer server, ScriptTarget script)
    {
        var projectIds = new List<string>();
        foreach (var name in new[] { "payments", "billing" })
        {
            var projectId = (await server.PostAsync("api/v1/projects", new { projectName = name }))["project"]!["id"]!.GetValue<string>();
            projectIds.Add(projectId);
            foreach (var key in new[] { UpdatedKey, "API_KEY", "SIGNING_SECRET" })
            {
                await server.PostAsync($"api/v3/secrets/raw/{key}", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = Random() });
            }
        }

        var first = await server.ReadVersionAsync(projectIds[0], UpdatedKey, 1);
        await server.SendAsync(HttpMethod.Patch, $"api/v3/secrets/raw/{UpdatedKey}", new { workspaceId = projectIds[0], environment = "dev", secretPath = "/", secretValue = Random() });

        await server.PostAsync($"api/v3/secrets/raw/{ScriptTarget.AdminTokenSecret}", new { workspaceId = projectIds[0], environment = "dev", secretPath = "/", secretValue = script.AdminToken });
        var connectionId = (await server.PostAsync("api/v1/app-connections/local", new { name = "local" }))["appConnection"]!["id"]!.GetValue<string>();
        var rotationId = (await server.PostAsync("api/v2/secret-rotations/script", new
        {
            name = "okta", projectId = projectIds[0], connectionId, environment = "dev", secretPath = "/", isAutoRotationEnabled = false,
            parameters = script.Parameters(), secretsMapping = new { password = "OKTA_PASSWORD" },
        }))["secretRotation"]!["id"]!.GetValue<string>();
        await RotateAsync(server, rotationId);

        var secrets = new Dictionary<string, SortedDictionary<string, string>>();
        foreach (var projectId in projectIds)
        {
            secrets[projectId] = await server.ReadAllAsync(projectId);
        }

        Assert.True(script.Accepts(secrets[projectIds[0]]["OKTA_PASSWORD"]), "the rotation wrote the target's password");
        return new PopulatedInstallation([.. projectIds], rotationId, secrets, first);
    }

    public static Task RotateAsync(OperationsServer server, string rotationId) =>
        server.SendAsync(HttpMethod.Post, $"api/v2/secret-rotations/script/{rotationId}/rotate-secrets", null);

    /// <summary>Reads every secret (and the older version) through <paramref name="server"/> and compares with what was written.</summary>
    public async Task AssertEverySecretReadsAsync(OperationsServer server)
    {
        foreach (var projectId in ProjectIds)
        {
            Assert.Equal(Secrets[projectId], await server.ReadAllAsync(projectId));
        }

        Assert.Equal(FirstVersionOfUpdated, await server.ReadVersionAsync(ProjectIds[0], UpdatedKey, 1));
    }

    private static string Random() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
}
