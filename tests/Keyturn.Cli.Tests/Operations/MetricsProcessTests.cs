using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>
/// GET /metrics and GET /readyz of a real `keyturn server` process, without a token: after rotations that succeed and
/// fail and secrets read, the scraped counters moved by exactly what was done, and no label carries an id or a name.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class MetricsProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-ops-metrics-").FullName;
    private readonly string _token = "kt_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Scrape_AfterRotationsAndReads_CountersMovedByExactlyWhatWasDone()
    {
        var script = ScriptTarget.Create(Path.Combine(_directory, "scripts"), Path.Combine(_directory, "target"));
        using var server = await OperationsServer.StartAsync(Path.Combine(_directory, "data"), _token, script.ScriptsDirectory);
        using var anonymous = new HttpClient { BaseAddress = server.Api.BaseAddress, Timeout = OperationsServer.Bound };

        var ready = await anonymous.GetAsync("readyz");
        var readyBody = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", readyBody["status"]!.GetValue<string>());
        Assert.Empty(readyBody["failed"]!.AsArray());

        var before = await ScrapeAsync(anonymous);
        var projectId = (await server.PostAsync("api/v1/projects", new { projectName = "metrics" }))["project"]!["id"]!.GetValue<string>();
        await server.PostAsync($"api/v3/secrets/raw/{ScriptTarget.AdminTokenSecret}", new { workspaceId = projectId, environment = "dev", secretPath = "/", secretValue = script.AdminToken });
        var connectionId = (await server.PostAsync("api/v1/app-connections/local", new { name = "local" }))["appConnection"]!["id"]!.GetValue<string>();
        // Create runs the first attempt, then one manual rotation: two attempts that succeed.
        var rotationId = (await server.PostAsync("api/v2/secret-rotations/script", new
        {
            name = "okta", projectId, connectionId, environment = "dev", secretPath = "/", isAutoRotationEnabled = false,
            parameters = script.Parameters(), secretsMapping = new { password = "OKTA_PASSWORD" },
        }))["secretRotation"]!["id"]!.GetValue<string>();
        await server.SendAsync(HttpMethod.Post, $"api/v2/secret-rotations/script/{rotationId}/rotate-secrets", null);
        // Then one that fails: the target refuses the new password at verify.
        script.SetVerifyRefused(true);
        using (var failed = await server.Api.PostAsync($"api/v2/secret-rotations/script/{rotationId}/rotate-secrets", null))
        {
            Assert.False(failed.IsSuccessStatusCode && JsonNode.Parse(await failed.Content.ReadAsStringAsync())!["secretRotation"]?["rotationStatus"]?.GetValue<string>() == "success");
        }

        // Reads: one secret by name, and one list of the folder's two secrets.
        await server.ReadVersionAsync(projectId, "OKTA_PASSWORD", 1);
        Assert.Equal(2, (await server.ReadAllAsync(projectId)).Count);
        var after = await ScrapeAsync(anonymous);

        Assert.Equal(2, Delta("keyturn_rotations_total", ("type", "script"), ("outcome", "succeeded")));
        Assert.Equal(1, Delta("keyturn_rotations_total", ("type", "script"), ("outcome", "failed")));
        Assert.Equal(3, Delta("keyturn_rotation_duration_seconds_count", ("type", "script")));
        Assert.Equal(1, Delta("keyturn_secret_reads_total", ("operation", "get")));
        Assert.Equal(2, Delta("keyturn_secret_reads_total", ("operation", "list")));
        // Each attempt set the password once (issue); the failed one's verify was refused by the target.
        Assert.Equal(3, Delta("keyturn_provider_call_duration_seconds_count", ("type", "script"), ("operation", "issue")));
        Assert.Equal(1, Delta("keyturn_provider_call_errors_total", ("type", "script"), ("operation", "verify")));
        Assert.True(Delta("keyturn_audit_write_duration_seconds_count") > 0, "audit group commits were timed");
        // The scheduler's last look found nothing due (the rotation is not auto-rotated): present, and zero.
        Assert.Single(after.Samples, s => s.Name == "keyturn_rotations_due");
        Assert.Equal(0, after.Sum("keyturn_rotations_due"));
        Assert.Equal(0, after.Sum("keyturn_rotations_overdue"));
        Assert.DoesNotContain(after.Samples, s => s.Name.StartsWith("http_server_", StringComparison.Ordinal)); // too costly per request: ServerMetrics

        // Bounded labels only: no id (the project's, the rotation's) and no secret name in any Keyturn series.
        foreach (var (name, labels, _) in after.Samples.Where(s => s.Name.StartsWith("keyturn_", StringComparison.Ordinal)))
        {
            foreach (var value in labels.Values)
            {
                Assert.False(Guid.TryParse(value, out _), $"{name} has an id label: {value}");
                Assert.DoesNotContain("OKTA", value, StringComparison.Ordinal);
            }
        }

        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient anonymous)
    {
        using var response = await anonymous.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /metrics: {(int)response.StatusCode} {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(text);
    }
}
