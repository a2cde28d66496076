using System.Text.Json;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Audit;

/// <summary>Writes audit entries. Callers pass only non-secret details (ids, names, versions, statuses).</summary>
public sealed class AuditLog(IAuditStore store, TimeProvider timeProvider)
{
    public Task RecordAsync(string actor, string action, string resourceType, string? resourceId, Guid? projectId, object? details, CancellationToken cancellationToken) =>
        store.AppendAuditAsync(
            new AuditEntry(Guid.NewGuid(), timeProvider.GetUtcNow(), actor, action, resourceType, resourceId, projectId, JsonSerializer.Serialize(details ?? new { })),
            cancellationToken);
}
