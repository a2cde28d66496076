using System.Globalization;
using Keyturn.Core.Audit;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// GET /api/v1/audit-logs: who did what, newest first, filtered and paged; GET /api/v1/audit-logs/chain: the trail in
/// chain order with its hashes, for `keyturn audit verify`. Entries carry ids, names and statuses, never values. Who may
/// read what is <see cref="AuditTrailReader"/>'s check.
/// </summary>
public static class AuditLogEndpoints
{
    private const int MaxChainPage = 1000;

    public static void MapAuditLogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/v1/audit-logs", async (HttpContext http, AuditTrailReader reader, CancellationToken ct) =>
        {
            var query = AuditQueryReader.Read(http.Request);
            if (!query.IsSuccess)
            {
                return ProblemResults.From(query.Problem);
            }

            // One more than asked says whether another page exists without a count.
            var found = await reader.QueryAsync(RequestPrincipal.Of(http), query.Value with { Limit = query.Value.Limit + 1 }, ct);
            if (!found.IsSuccess)
            {
                return ProblemResults.From(found.Problem);
            }

            var entries = found.Value;
            var page = entries.Take(query.Value.Limit).ToList();
            var next = entries.Length > query.Value.Limit ? AuditQueryReader.Encode(page[^1].Entry.At, page[^1].Entry.Id) : null;
            return Results.Json(new AuditLogPage([.. page.Select(AuditJson.Listed)], next));
        }).WithTags("audit").NeedsToken().Answers<AuditLogPage>().Query(
            QueryParameter.Text("actor", "Only entries by this actor."),
            QueryParameter.Text("action", "Only this action, e.g. secret.get."),
            QueryParameter.Text("resourceType", "Only this resource type."),
            QueryParameter.Text("resourceId", "Only this resource."),
            QueryParameter.Id("projectId", "Only this project's entries."),
            QueryParameter.Time("from", "Entries at or after this time."),
            QueryParameter.Time("to", "Entries before this time."),
            QueryParameter.Cursor,
            QueryParameter.Limit(AuditQueryReader.MaxLimit));

        api.MapGet("/v1/audit-logs/chain", async (HttpContext http, AuditTrailReader reader, CancellationToken ct) =>
        {
            var request = http.Request;
            var errors = new ValidationErrors();
            long after = 0;
            if (request.Query["after"].ToString() is { Length: > 0 } afterText
                && (!long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            {
                errors.Add("after", "must be a whole number from 0 (a sequence number)");
            }

            var limit = 500;
            if (request.Query["limit"].ToString() is { Length: > 0 } limitText
                && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxChainPage))
            {
                errors.Add("limit", $"must be a whole number from 1 to {MaxChainPage}");
            }

            if (!errors.IsEmpty)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            return ProblemResults.Map(await reader.ReadChainAsync(RequestPrincipal.Of(http), after, limit, ct), chain => new AuditChainJson(
                new AuditChainHeadJson(chain.Head.Sequence, chain.Head.Hash, chain.Head.LegacyEntries, chain.Head.UnchainedEntries, [.. chain.Unchained.Select(e => e.Id)]),
                [.. chain.Entries.Select(AuditJson.Chained)]));
        }).WithTags("audit").NeedsToken().Answers<AuditChainJson>().Query(
            QueryParameter.Number("after", "Entries after this sequence number (0: from the start)."),
            QueryParameter.Limit(MaxChainPage));
    }
}
