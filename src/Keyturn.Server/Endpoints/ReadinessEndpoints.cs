using Keyturn.Server.Hosting;

namespace Keyturn.Server.Endpoints;

public static class ReadinessEndpoints
{
    /// <summary>
    /// GET /readyz: 200 when the database answers, its migrations are applied and the root key is loaded; 503 naming
    /// each failed check otherwise. No token needed. /healthz stays the liveness check (is the process serving at all).
    /// </summary>
    public static void MapReadinessEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/readyz", async (ReadinessProbe probe, CancellationToken ct) =>
        {
            var report = await probe.CheckAsync(ct);
            return TypedResults.Json(report, statusCode: report.Failed.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        })
        .Produces<ReadinessReport>(StatusCodes.Status200OK)
        .Produces<ReadinessReport>(StatusCodes.Status503ServiceUnavailable)
        .WithTags("health");
}
