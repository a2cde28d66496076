namespace Keyturn.Storage.Sql;

/// <summary>When a committed write must be on disk.</summary>
internal enum WriteDurability
{
    /// <summary>On disk before the call returns: its commit waits for an fsync (its own, or its group's).</summary>
    Durable,

    /// <summary>
    /// Committed and visible when the call returns, on disk with the next durable commit. SQLite's WAL is written in
    /// order, so the next fsync covers every earlier commit too. Only for state a power loss may drop because the
    /// process holding it dies with it: a lease claims an attempt for the running server, and the attempt's first
    /// journal write (durable) makes the claim durable before any provider is called. PostgreSQL ignores it.
    /// </summary>
    WithNextDurableCommit,
}
