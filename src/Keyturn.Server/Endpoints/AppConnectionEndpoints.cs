using Keyturn.Core.Connections;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>/api/v1/app-connections/{app}: credentials are accepted, proven, sealed, and never returned.</summary>
public static class AppConnectionEndpoints
{
    public static void MapAppConnectionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/app-connections/{app}").WithTags("app-connections");

        group.MapPost("/", async (string app, HttpContext http, ConnectionService connections, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, ct);
            if (!body.IsSuccess)
            {
                return ProblemResults.From(body.Problem);
            }

            var created = await connections.CreateAsync(Actor.Of(http), app, body.Value, ct);
            return ProblemResults.Map(created, c => new { appConnection = ApiViews.Connection(c) });
        });

        group.MapGet("/", async (string app, ConnectionService connections, CancellationToken ct) =>
            Results.Json(new { appConnections = (await connections.ListAsync(app, ct)).Select(ApiViews.Connection) }));

        group.MapGet("/{id}", async (string app, string id, ConnectionService connections, CancellationToken ct) =>
            Guid.TryParse(id, out var connectionId)
                ? ProblemResults.Map(await connections.GetAsync(app, connectionId, ct), c => new { appConnection = ApiViews.Connection(c) })
                : ProblemResults.From(Problem.NotFound("App connection", id)));

        group.MapDelete("/{id}", async (string app, string id, HttpContext http, ConnectionService connections, CancellationToken ct) =>
            Guid.TryParse(id, out var connectionId)
                ? ProblemResults.Map(await connections.DeleteAsync(Actor.Of(http), app, connectionId, ct), c => new { appConnection = ApiViews.Connection(c) })
                : ProblemResults.From(Problem.NotFound("App connection", id)));
    }
}
