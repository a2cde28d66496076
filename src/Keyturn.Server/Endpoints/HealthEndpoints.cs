using Keyturn.Core.Storage;

namespace Keyturn.Server.Endpoints;

public static class HealthEndpoints
{
    /// <summary>GET /healthz: 200 when the store answers, 503 otherwise. No token needed.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", async (IKeyturnStore store, CancellationToken ct) =>
        {
            try
            {
                await store.ListDueRotationsAsync(DateTimeOffset.MinValue, null, 1, ct);
                return Results.Json(new { status = "ok" });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Results.Json(new { status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("health");
}
