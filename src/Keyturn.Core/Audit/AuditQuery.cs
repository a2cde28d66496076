namespace Keyturn.Core.Audit;

/// <summary>
/// Filters for listing the trail, newest first. Every filter is exact; <see cref="From"/> is inclusive and
/// <see cref="To"/> exclusive. <see cref="Before"/> is the paging cursor: the (time, id) of the last entry of the
/// previous page.
/// </summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }

    public string? Action { get; init; }

    public string? ResourceType { get; init; }

    public string? ResourceId { get; init; }

    public Guid? ProjectId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public (DateTimeOffset At, Guid Id)? Before { get; init; }

    public int Limit { get; init; } = 100;
}
