using Keyturn.Core.Access;
using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Audit;

/// <summary>
/// Reading the audit trail, checked. The list needs <see cref="Permission.AuditRead"/>: an API token sees everything; a
/// project's admin (no environment or path limits) sees that project's entries and must name it, since an unfiltered
/// list would show other projects and installation-wide entries. The chain (for verification) is installation-wide, so
/// only API tokens read it.
/// </summary>
public sealed class AuditTrailReader(IAuditStore store)
{
    /// <summary>Entries matching the query, newest first.</summary>
    public async Task<Result<ChainedAuditEntry[]>> QueryAsync(Principal principal, AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (AccessPolicy.Check(principal, Permission.AuditRead, query.ProjectId) is { } denied)
        {
            return denied;
        }

        return (ChainedAuditEntry[])[.. await store.QueryAuditAsync(query, cancellationToken)];
    }

    public async Task<Result<AuditChainPage>> ReadChainAsync(Principal principal, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.AuditRead) is { } denied)
        {
            return denied;
        }

        // The head is read first: every entry up to it is committed, so a verifier that stops there sees them all.
        var head = await store.ReadAuditChainHeadAsync(cancellationToken);
        var entries = await store.ReadAuditChainAsync(afterSequence, limit, cancellationToken);
        // Rows with no sequence number beyond those from before the chain started were inserted around it: name them.
        var extra = head.UnchainedEntries - head.LegacyEntries;
        var unchained = extra > 0 ? await store.ListUnchainedAuditAsync((int)Math.Min(extra, 10), cancellationToken) : [];
        return new AuditChainPage(head, entries, unchained);
    }
}

/// <summary>A page of the chain in chain order, the head read before it, and up to ten rows inserted around the chain.</summary>
public sealed record AuditChainPage(AuditChainHead Head, IReadOnlyList<ChainedAuditEntry> Entries, IReadOnlyList<AuditEntry> Unchained);
