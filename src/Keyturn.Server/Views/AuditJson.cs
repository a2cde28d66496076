using System.Text.Json;
using Keyturn.Core.Audit;

namespace Keyturn.Server.Views;

/// <summary>The wire shapes of audit entries: the listing's (details as JSON) and the chain's (exact stored fields).</summary>
public static class AuditJson
{
    public static object Listed(ChainedAuditEntry chained)
    {
        ArgumentNullException.ThrowIfNull(chained);
        var e = chained.Entry;
        return new
        {
            id = e.Id,
            createdAt = e.At,
            actor = e.Actor,
            identityId = e.IdentityId,
            sourceIp = e.SourceIp,
            action = e.Action,
            resourceType = e.ResourceType,
            resourceId = e.ResourceId,
            projectId = e.ProjectId,
            outcome = e.Outcome,
            requestId = e.RequestId,
            details = JsonDocument.Parse(e.DetailsJson).RootElement.Clone(),
            sequence = chained.Sequence,
            hash = chained.Hash,
        };
    }

    /// <summary>
    /// Every hashed field exactly as stored (time in unix milliseconds, details as the stored text), so a client
    /// recomputes the hash without trusting the server's arithmetic.
    /// </summary>
    public static object Chained(ChainedAuditEntry chained)
    {
        ArgumentNullException.ThrowIfNull(chained);
        var e = chained.Entry;
        return new
        {
            sequence = chained.Sequence,
            id = e.Id,
            atUnixMs = e.At.ToUnixTimeMilliseconds(),
            actor = e.Actor,
            identityId = e.IdentityId,
            sourceIp = e.SourceIp,
            action = e.Action,
            resourceType = e.ResourceType,
            resourceId = e.ResourceId,
            projectId = e.ProjectId,
            outcome = e.Outcome,
            requestId = e.RequestId,
            detailsJson = e.DetailsJson,
            previousHash = chained.PreviousHash,
            hash = chained.Hash,
        };
    }
}
