namespace Keyturn.Server.Endpoints;

public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>
    /// GET /metrics: Prometheus text format, no token needed (like Vault's unauthenticated_metrics_access): it reveals
    /// counts, durations and rotation type names only, never ids, names or values (docs/operations.md). Outside /api,
    /// so neither the permission table nor the OpenAPI document lists it.
    /// </summary>
    public static void MapMetricsEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(Path).ExcludeFromDescription();
}
