using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Telemetry;

/// <summary>GET /metrics on the main listener: Prometheus text without a token, and outside the /api answers' rules.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_NoToken_PrometheusTextWithKeyturnAndRequestMetrics()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        await Scenario.CreateSecretAsync(server, projectId, "API_KEY", "a-value");
        (await Scenario.GetSecretAsync(server, projectId, "API_KEY")).ShouldBe(HttpStatusCode.OK);
        using var anonymous = new HttpClient { BaseAddress = server.Host.Address };

        using var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE keyturn_secret_reads_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE keyturn_audit_write_duration_seconds histogram", text, StringComparison.Ordinal);
        // ASP.NET Core's request histogram halves read throughput (ServerMetrics, docs/benchmarks.md): kept out.
        Assert.DoesNotContain("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.DoesNotContain(projectId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("a-value", text, StringComparison.Ordinal);
    }
}
