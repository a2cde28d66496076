using Keyturn.Core.Audit;
using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

/// <summary>
/// The audit trail: append-only (there is no update or delete) and hash-chained. Every append, alone or inside a
/// larger write, takes the next sequence number and links to the entry before it (<see cref="AuditChain"/>).
/// </summary>
public interface IAuditStore
{
    /// <summary>Durable when the task completes; concurrent appends share one commit.</summary>
    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first; filtered by project when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid? projectId, int limit, CancellationToken cancellationToken);

    /// <summary>Newest first (time, then id), filtered and paged by <see cref="AuditQuery.Before"/>.</summary>
    Task<IReadOnlyList<ChainedAuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Chained entries with a sequence number above <paramref name="afterSequence"/>, in chain order.</summary>
    Task<IReadOnlyList<ChainedAuditEntry>> ReadAuditChainAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The last sequence number handed out and its entry's hash (0 and the genesis hash when none), and the unchained rows.</summary>
    Task<AuditChainHead> ReadAuditChainHeadAsync(CancellationToken cancellationToken);

    /// <summary>Rows without a sequence number, newest first: written before the chain started, or inserted around it.</summary>
    Task<IReadOnlyList<AuditEntry>> ListUnchainedAuditAsync(int limit, CancellationToken cancellationToken);
}
