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
    string DetailsJson);
