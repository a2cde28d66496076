using Keyturn.Core.Connections;
using Keyturn.Server.Connections;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// /api/v1/app-connections/{app}: credentials are accepted, proven, sealed, and never returned. Every route needs the
/// connection-admin grant, which <see cref="ConnectionService"/> checks.
/// </summary>
public static class AppConnectionEndpoints
{
    public static void MapAppConnectionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/app-connections/{app}").WithTags("app-connections").NeedsToken();

        group.MapPost("/", async (string app, HttpContext http, ConnectionService connections, CancellationToken ct) =>
        {
            // The app's type is Keyturn's own code, not stored data: naming an unknown one reveals nothing.
            if (connections.HandlerFor(app) is not { } handler)
            {
                return ProblemResults.From(ConnectionService.UnknownApp(app));
            }

            var command = await JsonBody.ReadCommandAsync(http.Request, (body, errors) => ConnectionRequests.ParseCreate(body, handler, errors), ct);
            return command.IsSuccess
                ? ProblemResults.Map(await connections.CreateAsync(RequestPrincipal.Of(http), command.Value, ct), c => new AppConnectionEnvelope(ApiViews.Connection(c)))
                : ProblemResults.From(command.Problem);
        }).Reads<CreateAppConnectionRequest>().Answers<AppConnectionEnvelope>().MayMiss().MayConflict().CallsProvider();

        group.MapGet("/", async (string app, HttpContext http, ConnectionService connections, CancellationToken ct) =>
            ProblemResults.Map(await connections.ListAsync(RequestPrincipal.Of(http), app, ct), list => new AppConnectionListEnvelope([.. list.Select(ApiViews.Connection)])))
            .Answers<AppConnectionListEnvelope>().MayMiss();

        group.MapGet("/{id}", async (string app, string id, HttpContext http, ConnectionService connections, CancellationToken ct) =>
            Guid.TryParse(id, out var connectionId)
                ? ProblemResults.Map(await connections.GetAsync(RequestPrincipal.Of(http), app, connectionId, ct), c => new AppConnectionEnvelope(ApiViews.Connection(c)))
                : ProblemResults.From(ConnectionService.Unknown(RequestPrincipal.Of(http), id)))
            .Answers<AppConnectionEnvelope>().MayMiss();

        group.MapDelete("/{id}", async (string app, string id, HttpContext http, ConnectionService connections, CancellationToken ct) =>
            Guid.TryParse(id, out var connectionId)
                ? ProblemResults.Map(await connections.DeleteAsync(RequestPrincipal.Of(http), app, connectionId, ct), c => new AppConnectionEnvelope(ApiViews.Connection(c)))
                : ProblemResults.From(ConnectionService.Unknown(RequestPrincipal.Of(http), id)))
            .Answers<AppConnectionEnvelope>().MayMiss().MayConflict();
    }
}
