using Keyturn.Core.Domain;

namespace Keyturn.Core.Audit;

/// <summary>
/// An entry as the store chained it: its place in the one total order of the trail, the hash of the entry before it
/// and its own hash over both (<see cref="AuditChain"/>). Entries written before schema version 8 have no place.
/// </summary>
public sealed record ChainedAuditEntry(AuditEntry Entry, long? Sequence, string? PreviousHash, string? Hash);
