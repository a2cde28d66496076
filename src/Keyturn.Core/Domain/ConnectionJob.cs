namespace Keyturn.Core.Domain;

/// <summary>One attempt of a connection to rotate its own credential; its journal entries are <see cref="JournalEntry"/> rows of their own table.</summary>
/// <param name="Trigger">"manual", "schedule" or "resume".</param>
/// <param name="Status">"running", "succeeded" or "failed".</param>
public sealed record ConnectionJob(
    Guid Id,
    Guid ConnectionId,
    string Trigger,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Message);
