using Keyturn.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Keyturn.Server.Hosting;

/// <summary>
/// Keyturn's instruments and their export: OpenTelemetry's SDK collects the Keyturn meter and its Prometheus exporter
/// serves it at GET /metrics (<see cref="Endpoints.MetricsEndpoints"/>). Core only knows System.Diagnostics.Metrics;
/// OpenTelemetry stays here.
/// ASP.NET Core's own request meter (Microsoft.AspNetCore.Hosting) is deliberately not collected: with it, reads ran at
/// 49 % of the bare endpoint instead of 87 % (docs/benchmarks.md), a histogram measurement with five tags per request
/// costing more than the rest of a secret read. Keyturn's own secret-read counter covers what matters here.
/// </summary>
public static class ServerMetrics
{
    public static IServiceCollection AddKeyturnMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<KeyturnMetrics>();
        services.AddOpenTelemetry()
            // target_info names the service "keyturn" instead of "unknown_service:keyturn".
            .ConfigureResource(resource => resource.AddService("keyturn", serviceVersion: typeof(ServerMetrics).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(KeyturnMetrics.MeterName)
                // Every scrape sees what happened up to it: the exporter's default 300 ms cache would hide a change just made.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }
}
