using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Server.Http;

namespace Keyturn.Server.Endpoints;

/// <summary>GET /api/v1/audit-logs: who did what, newest first. Entries carry ids, names and statuses, never values.</summary>
public static class AuditLogEndpoints
{
    public static void MapAuditLogEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/v1/audit-logs", async (HttpRequest request, IAuditStore audit, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            Guid? projectId = null;
            if (request.Query["projectId"].ToString() is { Length: > 0 } text)
            {
                if (Guid.TryParse(text, out var id))
                {
                    projectId = id;
                }
                else
                {
                    errors.Add("projectId", Keyturn.Core.Validation.Rules.GuidRule);
                }
            }

            var limit = 100;
            if (request.Query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
            {
                errors.Add("limit", "must be a whole number from 1 to 1000");
            }

            if (!errors.IsEmpty)
            {
                return ProblemResults.From(Problem.Invalid(errors));
            }

            var entries = await audit.ListAuditAsync(projectId, limit, ct);
            return Results.Json(new
            {
                auditLogs = entries.Select(e => new
                {
                    id = e.Id,
                    createdAt = e.At,
                    actor = e.Actor,
                    action = e.Action,
                    resourceType = e.ResourceType,
                    resourceId = e.ResourceId,
                    projectId = e.ProjectId,
                    details = System.Text.Json.JsonDocument.Parse(e.DetailsJson).RootElement.Clone(),
                }),
            });
        }).WithTags("audit");
}
