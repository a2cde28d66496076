using Keyturn.Core.Connections;
using Keyturn.Core.History;
using Keyturn.Server.Connections;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// /api/v1/app-connections/{app}/{id}: PATCH (name, description, the schedule of its own credential's rotation),
/// rotate-credentials (the connection rotates its own secret now) and credential-rotations (that history). Each needs
/// the connection-admin grant, checked by the service before the connection is read.
/// </summary>
public static class AppConnectionCredentialEndpoints
{
    public static void MapAppConnectionCredentialEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/app-connections/{app}/{id}").WithTags("app-connections").NeedsToken();

        group.MapPatch("/", async (string app, string id, HttpContext http, ConnectionUpdate update, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            if (!Guid.TryParse(id, out var connectionId))
            {
                return ProblemResults.From(ConnectionService.Unknown(principal, id));
            }

            var command = await JsonBody.ReadCommandAsync(http.Request, ConnectionRequests.ParseUpdate, ct);
            return command.IsSuccess
                ? ProblemResults.Map(await update.UpdateAsync(principal, app, connectionId, command.Value, ct), c => new AppConnectionEnvelope(ApiViews.Connection(c)))
                : ProblemResults.From(command.Problem);
        }).Reads<UpdateAppConnectionRequest>().Answers<AppConnectionEnvelope>().MayMiss();

        group.MapPost("/rotate-credentials", async (string app, string id, HttpContext http, ConnectionCredentialRotation rotation, CancellationToken ct) =>
            Guid.TryParse(id, out var connectionId)
                ? ProblemResults.Map(await rotation.RotateAsync(RequestPrincipal.Of(http), app, connectionId, ct), c => new AppConnectionEnvelope(ApiViews.Connection(c)))
                : ProblemResults.From(ConnectionService.Unknown(RequestPrincipal.Of(http), id)))
            .Answers<AppConnectionEnvelope>().MayMiss().MayConflict().CallsProvider();

        group.MapGet("/credential-rotations", async (string app, string id, HttpContext http, ConnectionService connections, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            if (!Guid.TryParse(id, out var connectionId))
            {
                return ProblemResults.From(ConnectionService.Unknown(principal, id));
            }

            var query = HistoryPaging.Read(http.Request, app, connectionId);
            return query.IsSuccess
                ? ProblemResults.Map(await connections.CredentialRotationsAsync(principal, query.Value, ct), page => HistoryJson.Connection(connectionId, page))
                : ProblemResults.From(query.Problem);
        }).Answers<ConnectionHistoryPage>().Query(QueryParameter.Limit(HistoryQuery.MaxLimit), QueryParameter.Cursor).MayMiss();
    }
}
