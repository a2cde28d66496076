namespace Keyturn.Core.Audit;

/// <summary>
/// Where the chain ends: the last sequence number handed out and its entry's hash. <paramref name="LegacyEntries"/>
/// counts the rows written before the chain started (schema version 8), which carry no sequence number;
/// <paramref name="UnchainedEntries"/> counts such rows now, so a row inserted around the chain shows as one more.
/// </summary>
public sealed record AuditChainHead(long Sequence, string Hash, long LegacyEntries, long UnchainedEntries);
