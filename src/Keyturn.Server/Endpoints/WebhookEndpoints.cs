using Keyturn.Core.Notifications;
using Keyturn.Core.Results;
using Keyturn.Providers.RestApi;
using Keyturn.Server.Http;
using Keyturn.Server.Notifications;
using Keyturn.Server.OpenApi;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// /api/v1/projects/{projectId}/webhooks: subscribe a URL to rotation events, list, delete, and read deliveries. Every
/// route needs rotation-admin or admin on the whole project, which <see cref="WebhookService"/> checks.
/// </summary>
public static class WebhookEndpoints
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static void MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/projects/{projectId}/webhooks").WithTags("webhooks").NeedsToken();

        group.MapPost("/", async (string projectId, HttpContext http, WebhookService webhooks, OutboundAllowList allowList, CancellationToken ct) =>
        {
            if (!Guid.TryParse(projectId, out var project))
            {
                return ProblemResults.From(WebhookService.Unknown(RequestPrincipal.Of(http), "Project", projectId));
            }

            var command = await JsonBody.ReadCommandAsync(http.Request, (b, e) => WebhookRequest.Parse(b, project, allowList, e), ct);
            if (!command.IsSuccess)
            {
                return ProblemResults.From(command.Problem);
            }

            var created = await webhooks.CreateAsync(RequestPrincipal.Of(http), command.Value, ct);
            return ProblemResults.Map(created, c => new WebhookEnvelope(WebhookJson.Subscription(c.Subscription, c.SigningSecret)));
        }).Reads<CreateWebhookRequest>().Answers<WebhookEnvelope>().MayMiss();

        group.MapGet("/", async (string projectId, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            Guid.TryParse(projectId, out var project)
                ? ProblemResults.Map(await webhooks.ListAsync(RequestPrincipal.Of(http), project, ct), list => new WebhookListEnvelope([.. list.Select(s => WebhookJson.Subscription(s))]))
                : ProblemResults.From(WebhookService.Unknown(RequestPrincipal.Of(http), "Project", projectId)))
            .Answers<WebhookListEnvelope>().MayMiss();

        group.MapGet("/{id}", async (string projectId, string id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            Ids(projectId, id) is (Guid project, Guid webhook)
                ? ProblemResults.Map(await webhooks.GetAsync(RequestPrincipal.Of(http), project, webhook, ct), s => new WebhookEnvelope(WebhookJson.Subscription(s)))
                : ProblemResults.From(WebhookService.Unknown(RequestPrincipal.Of(http), "Webhook", id)))
            .Answers<WebhookEnvelope>().MayMiss();

        group.MapDelete("/{id}", async (string projectId, string id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            Ids(projectId, id) is (Guid project, Guid webhook)
                ? ProblemResults.Map(await webhooks.DeleteAsync(RequestPrincipal.Of(http), project, webhook, ct), s => new WebhookEnvelope(WebhookJson.Subscription(s)))
                : ProblemResults.From(WebhookService.Unknown(RequestPrincipal.Of(http), "Webhook", id)))
            .Answers<WebhookEnvelope>().MayMiss();

        group.MapGet("/{id}/deliveries", async (string projectId, string id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        {
            if (Ids(projectId, id) is not (Guid project, Guid webhook))
            {
                return ProblemResults.From(WebhookService.Unknown(RequestPrincipal.Of(http), "Webhook", id));
            }

            var request = http.Request;
            var errors = new ValidationErrors();
            var limit = DefaultLimit;
            if (request.Query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > MaxLimit))
            {
                errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}");
            }

            WebhookDeliveryCursor? cursor = null;
            if (request.Query["cursor"].ToString() is { Length: > 0 } cursorText && (cursor = WebhookJson.ParseCursor(cursorText)) is null)
            {
                errors.Add("cursor", "must be the nextCursor of a previous page");
            }

            if (!errors.IsEmpty)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            var page = await webhooks.ListDeliveriesAsync(RequestPrincipal.Of(http), project, webhook, cursor, limit, ct);
            return ProblemResults.Map(page, p => new WebhookDeliveryPageJson([.. p.Deliveries.Select(WebhookJson.Delivery)], p.Next is { } next ? WebhookJson.Cursor(next) : null));
        }).Answers<WebhookDeliveryPageJson>().MayMiss().Query(QueryParameter.Limit(MaxLimit), QueryParameter.Cursor);
    }

    private static (Guid Project, Guid Webhook)? Ids(string projectId, string id) =>
        Guid.TryParse(projectId, out var project) && Guid.TryParse(id, out var webhook) ? (project, webhook) : null;
}
