using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string AuditColumns = "id, at, actor, audit_action, resource_type, resource_id, project_id, details_json";

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(db => InsertAuditAsync(db, entry, cancellationToken),
            Conflict(() => $"audit entry {entry.Id} already exists", () => "a referenced row does not exist"), cancellationToken, invalidates: CacheKinds.None);
    }

    private static Task<int> InsertAuditAsync(DbSession db, AuditEntry entry, CancellationToken cancellationToken) =>
        db.Sql($"""
                INSERT INTO audit_entries ({AuditColumns})
                VALUES (@id, @at, @actor, @audit_action, @resource_type, @resource_id, @project_id, @details_json)
                """)
            .Add("id", entry.Id).Add("at", entry.At).Add("actor", entry.Actor).Add("audit_action", entry.Action)
            .Add("resource_type", entry.ResourceType).Add("resource_id", entry.ResourceId).Add("project_id", entry.ProjectId)
            .Add("details_json", entry.DetailsJson).ExecuteAsync(cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid? projectId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var filter = projectId is null ? "" : "WHERE project_id = @project_id";
        return await ReadAsync(db => db.Sql($"SELECT {AuditColumns} FROM audit_entries {filter} ORDER BY at DESC, id DESC LIMIT @limit")
            .Add("project_id", projectId).Add("limit", limit).QueryAsync(ReadAudit, cancellationToken), cancellationToken);
    }

    private static AuditEntry ReadAudit(DbDataReader r) => new(
        r.GetGuid(0), r.GetTime(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetStringOrNull(5), r.GetGuidOrNull(6), r.GetString(7));
}
