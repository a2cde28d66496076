using System.Globalization;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Server.Http;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// GET /api/v1/audit-logs: who did what, newest first, filtered and paged; GET /api/v1/audit-logs/chain: the trail in
/// chain order with its hashes, for `keyturn audit verify`. Entries carry ids, names and statuses, never values.
/// </summary>
public static class AuditLogEndpoints
{
    private const int MaxChainPage = 1000;

    public static void MapAuditLogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/v1/audit-logs", async (HttpRequest request, IAuditStore audit, CancellationToken ct) =>
        {
            var query = AuditQueryReader.Read(request);
            if (!query.IsSuccess)
            {
                return ProblemResults.From(query.Problem);
            }

            // One more than asked says whether another page exists without a count.
            var entries = await audit.QueryAuditAsync(query.Value with { Limit = query.Value.Limit + 1 }, ct);
            var page = entries.Take(query.Value.Limit).ToList();
            var next = entries.Count > query.Value.Limit ? AuditQueryReader.Encode(page[^1].Entry.At, page[^1].Entry.Id) : null;
            return Results.Json(new { auditLogs = page.Select(AuditJson.Listed), nextCursor = next });
        }).WithTags("audit");

        api.MapGet("/v1/audit-logs/chain", async (HttpRequest request, IAuditStore audit, CancellationToken ct) =>
        {
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

            // The head is read first: every entry up to it is committed, so a verifier that stops there sees them all.
            var head = await audit.ReadAuditChainHeadAsync(ct);
            var entries = await audit.ReadAuditChainAsync(after, limit, ct);
            // Rows with no sequence number beyond those from before the chain started were inserted around it: name them.
            var extra = head.UnchainedEntries - head.LegacyEntries;
            var unchained = extra > 0 ? await audit.ListUnchainedAuditAsync((int)Math.Min(extra, 10), ct) : [];
            return Results.Json(new
            {
                head = new
                {
                    sequence = head.Sequence, hash = head.Hash, legacyEntries = head.LegacyEntries, unchainedEntries = head.UnchainedEntries,
                    newestUnchained = unchained.Select(e => e.Id),
                },
                entries = entries.Select(AuditJson.Chained),
            });
        }).WithTags("audit");
    }
}
