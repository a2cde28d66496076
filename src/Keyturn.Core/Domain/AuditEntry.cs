namespace Keyturn.Core.Domain;

/// <summary>An audit record. DetailsJson never holds secret values.</summary>
public sealed record AuditEntry(
    Guid Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string ResourceType,
    string? ResourceId,
    Guid? ProjectId,
    string DetailsJson)
{
    /// <summary>
    /// The identity behind <see cref="Actor"/> once machine identities exist; null for tokens and the engine today.
    /// Kept apart from the actor string so a richer principal fills it without changing the entry's shape.
    /// </summary>
    public string? IdentityId { get; init; }

    /// <summary>The client address of the request that caused the entry; null for the scheduler and engine.</summary>
    public string? SourceIp { get; init; }

    /// <summary><see cref="AuditOutcomes"/>: what the request came to. Null on entries written before version 8.</summary>
    public string? Outcome { get; init; }

    /// <summary>Ties a service's detailed entry to the request-level entry that carries the outcome.</summary>
    public string? RequestId { get; init; }
}
