using Keyturn.Core.Storage;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

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
                return Results.Json(new HealthJson("ok"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Results.Json(new HealthJson("unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("health").Answers<HealthJson>().Produces<HealthJson>(StatusCodes.Status503ServiceUnavailable, "application/json");
}
