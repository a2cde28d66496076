namespace Keyturn.Core.Domain;

/// <summary>
/// A position in a list of jobs ordered newest first (started time, then id, both descending): a page starts after it.
/// Keyset paging rather than an offset, so a job started while a client pages never shifts or repeats an item.
/// </summary>
public sealed record JobCursor(DateTimeOffset StartedAt, Guid Id);
