namespace Keyturn.Core.Domain;

/// <summary>
/// A rotation the due-scan found: its connection, which the scheduler limits and defers by, and its due time,
/// which with the id is the cursor for the next page.
/// </summary>
public sealed record DueRotation(Guid Id, Guid ConnectionId, DateTimeOffset NextRotationAt);
