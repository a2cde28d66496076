using System.Text.Json;
using Keyturn.Core.Audit;

namespace Keyturn.Server.Views;

/// <summary>The wire shapes of audit entries: the listing's (details as JSON) and the chain's (exact stored fields).</summary>
public static class AuditJson
{
    public static AuditLogJson Listed(ChainedAuditEntry chained)
    {
        ArgumentNullException.ThrowIfNull(chained);
        var e = chained.Entry;
        using var details = JsonDocument.Parse(e.DetailsJson);
        return new(e.Id, e.At, e.Actor, e.IdentityId, e.SourceIp, e.Action, e.ResourceType, e.ResourceId, e.ProjectId, e.Outcome, e.RequestId,
            details.RootElement.Clone(), chained.Sequence, chained.Hash);
    }

    /// <summary>
    /// Every hashed field exactly as stored (time in unix milliseconds, details as the stored text), so a client
    /// recomputes the hash without trusting the server's arithmetic.
    /// </summary>
    public static ChainedAuditJson Chained(ChainedAuditEntry chained)
    {
        ArgumentNullException.ThrowIfNull(chained);
        var e = chained.Entry;
        return new(chained.Sequence, e.Id, e.At.ToUnixTimeMilliseconds(), e.Actor, e.IdentityId, e.SourceIp, e.Action, e.ResourceType, e.ResourceId,
            e.ProjectId, e.Outcome, e.RequestId, e.DetailsJson, chained.PreviousHash, chained.Hash);
    }
}

/// <param name="Details">What the action changed (ids, names, statuses; never a value).</param>
public sealed record AuditLogJson(
    Guid Id, DateTimeOffset CreatedAt, string Actor, string? IdentityId, string? SourceIp, string Action, string ResourceType, string? ResourceId,
    Guid? ProjectId, string? Outcome, string? RequestId, JsonElement Details, long? Sequence, string? Hash);

/// <param name="DetailsJson">The details exactly as stored and hashed.</param>
public sealed record ChainedAuditJson(
    long? Sequence, Guid Id, long AtUnixMs, string Actor, string? IdentityId, string? SourceIp, string Action, string ResourceType, string? ResourceId,
    Guid? ProjectId, string? Outcome, string? RequestId, string DetailsJson, string? PreviousHash, string? Hash);

/// <param name="NextCursor">Pass as ?cursor= for the next (older) page; null on the last page.</param>
public sealed record AuditLogPage(IReadOnlyList<AuditLogJson> AuditLogs, string? NextCursor);

/// <summary>The answer of GET /api/v1/audit-logs/chain: the chain's head and a page of entries in chain order.</summary>
public sealed record AuditChainJson(AuditChainHeadJson Head, IReadOnlyList<ChainedAuditJson> Entries);

/// <param name="NewestUnchained">Ids of the newest entries not yet in the chain.</param>
public sealed record AuditChainHeadJson(long Sequence, string Hash, long LegacyEntries, long UnchainedEntries, IReadOnlyList<Guid> NewestUnchained);
