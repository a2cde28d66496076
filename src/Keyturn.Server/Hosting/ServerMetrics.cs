using Keyturn.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Keyturn.Server.Hosting;

/// <summary>
/// Keyturn's instruments and their export: OpenTelemetry's SDK collects the Keyturn meter (and ASP.NET Core's request
/// metrics) and its Prometheus exporter serves them at GET /metrics (<see cref="Endpoints.MetricsEndpoints"/>).
/// Core only knows System.Diagnostics.Metrics; OpenTelemetry stays here.
/// </summary>
public static class ServerMetrics
{
    /// <summary>ASP.NET Core's http.server.request.duration and active requests, labelled by route template, never by path.</summary>
    private const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

    public static IServiceCollection AddKeyturnMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<KeyturnMetrics>();
        services.AddOpenTelemetry()
            // target_info names the service "keyturn" instead of "unknown_service:keyturn".
            .ConfigureResource(resource => resource.AddService("keyturn", serviceVersion: typeof(ServerMetrics).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(KeyturnMetrics.MeterName, AspNetCoreHostingMeter)
                // Every scrape sees what happened up to it: the exporter's default 300 ms cache would hide a change just made.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }
}
