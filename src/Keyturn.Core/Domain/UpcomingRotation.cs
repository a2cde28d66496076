namespace Keyturn.Core.Domain;

/// <summary>A rotation the upcoming-reminder scan found; its due time with the id is the cursor for the next page.</summary>
public sealed record UpcomingRotation(Guid Id, DateTimeOffset NextRotationAt);
