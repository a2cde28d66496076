namespace Keyturn.Storage.Sql;

/// <summary>How a backend error maps onto the contract; decided from error codes, never from message text.</summary>
internal enum ConflictKind
{
    /// <summary>Not a conflict: a bug or broken infrastructure, rethrown as is.</summary>
    None,

    /// <summary>A unique or primary key was taken.</summary>
    Unique,

    /// <summary>A referenced row is missing, or a row is still referenced.</summary>
    ForeignKey,

    /// <summary>A concurrent transaction won (serialization failure, deadlock, stale snapshot).</summary>
    Concurrency,
}
