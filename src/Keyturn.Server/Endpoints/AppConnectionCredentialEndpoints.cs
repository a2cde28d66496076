using Keyturn.Core.Connections;
using Keyturn.Core.History;
using Keyturn.Core.Results;
using Keyturn.Core.Rotation;
using Keyturn.Server.Http;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// /api/v1/app-connections/{app}/{id}: PATCH (name, description, the schedule of its own credential's rotation),
/// rotate-credentials (the connection rotates its own secret now) and credential-rotations (that history).
/// </summary>
public static class AppConnectionCredentialEndpoints
{
    public static void MapAppConnectionCredentialEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/app-connections/{app}/{id}").WithTags("app-connections");

        group.MapPatch("/", async (string app, string id, HttpContext http, ConnectionUpdate update, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var connectionId))
            {
                return ProblemResults.From(Problem.NotFound("App connection", id));
            }

            var body = await JsonBody.ReadObjectAsync(http.Request, ct);
            return body.IsSuccess
                ? ProblemResults.Map(await update.UpdateAsync(Actor.Of(http), app, connectionId, body.Value, ct), c => new { appConnection = ApiViews.Connection(c) })
                : ProblemResults.From(body.Problem);
        });

        group.MapPost("/rotate-credentials", async (string app, string id, HttpContext http, ConnectionCredentialRotation rotation, CancellationToken ct) =>
            Guid.TryParse(id, out var connectionId)
                ? ProblemResults.Map(await rotation.RotateAsync(app, connectionId, JobTriggers.Manual, Actor.Of(http), ct), c => new { appConnection = ApiViews.Connection(c) })
                : ProblemResults.From(Problem.NotFound("App connection", id)));

        group.MapGet("/credential-rotations", async (string app, string id, HttpRequest request, RotationHistory history, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var connectionId))
            {
                return ProblemResults.From(Problem.NotFound("App connection", id));
            }

            var query = HistoryPaging.Read(request, app, connectionId);
            return query.IsSuccess
                ? ProblemResults.Map(await history.ConnectionAsync(query.Value, ct), page => HistoryJson.Connection(connectionId, page))
                : ProblemResults.From(query.Problem);
        });
    }
}
