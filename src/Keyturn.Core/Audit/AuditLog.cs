using System.Text.Json;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Audit;

/// <summary>Writes audit entries. Callers pass only non-secret details (ids, names, versions, statuses).</summary>
public sealed class AuditLog(IAuditStore store, TimeProvider timeProvider)
{
    public Task RecordAsync(string actor, string action, string resourceType, string? resourceId, Guid? projectId, object? details, CancellationToken cancellationToken) =>
        store.AppendAuditAsync(Entry(actor, action, resourceType, resourceId, projectId, details), cancellationToken);

    /// <summary>An entry for the caller to commit inside a larger transaction (activation).</summary>
    /// The outcome is success: a service writes its entry only once the change it describes has happened.
    public AuditEntry Entry(string actor, string action, string resourceType, string? resourceId, Guid? projectId, object? details)
    {
        var request = AuditRequestContext.Current;
        var now = timeProvider.GetUtcNow();
        return new(AuditIds.New(now), now, actor, action, resourceType, resourceId, projectId, JsonSerializer.Serialize(details ?? new { }))
        {
            Outcome = AuditOutcomes.Success,
            SourceIp = request?.SourceIp,
            RequestId = request?.RequestId,
            IdentityId = request?.IdentityId,
        };
    }
}
