using Keyturn.Core.Domain;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

/// <summary>The reminder scans' reads (IRotationStore): upcoming rotations of a project, and slots whose credential expires soon.</summary>
internal sealed partial class SqlKeyturnStore
{
    // Written to match ix_rotations_upcoming (project_id, next_rotation_at, id, partial on auto-rotation): one range
    // in index order, so neither a sort nor a table read is needed; the cursor is a range on the same columns.
    public async Task<IReadOnlyList<UpcomingRotation>> ListUpcomingRotationsAsync(
        Guid projectId, DateTimeOffset from, DateTimeOffset until, UpcomingRotation? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(db =>
        {
            var statement = db.Sql($"""
                SELECT id, next_rotation_at FROM rotations
                WHERE project_id = @project_id AND is_auto_rotation_enabled AND next_rotation_at > @from AND next_rotation_at <= @until
                {(after is null ? "" : "AND (next_rotation_at, id) > (@after_at, @after_id)")}
                ORDER BY next_rotation_at, id
                LIMIT @limit
                """).Add("project_id", projectId).Add("from", from).Add("until", until).Add("limit", limit);
            if (after is not null)
            {
                statement.Add("after_at", after.NextRotationAt).Add("after_id", after.Id);
            }

            return statement.QueryAsync(r => new UpcomingRotation(r.GetGuid(0), r.GetTime(1)), cancellationToken);
        }, cancellationToken);
    }

    // Written to match ix_rotation_slots_expires (expires_at, rotation_id, slot_index, credential_id, partial on a
    // known expiry): an index-only range scan in order.
    public async Task<IReadOnlyList<ExpiringSlot>> ListExpiringSlotsAsync(
        DateTimeOffset from, DateTimeOffset until, ExpiringSlot? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(db =>
        {
            var statement = db.Sql($"""
                SELECT rotation_id, slot_index, credential_id, expires_at FROM rotation_slots
                WHERE expires_at IS NOT NULL AND expires_at > @from AND expires_at <= @until
                {(after is null ? "" : "AND (expires_at, rotation_id, slot_index) > (@after_at, @after_id, @after_index)")}
                ORDER BY expires_at, rotation_id, slot_index
                LIMIT @limit
                """).Add("from", from).Add("until", until).Add("limit", limit);
            if (after is not null)
            {
                statement.Add("after_at", after.ExpiresAt).Add("after_id", after.RotationId).Add("after_index", after.Index);
            }

            return statement.QueryAsync(r => new ExpiringSlot(r.GetGuid(0), r.GetInt32(1), r.GetString(2), r.GetTime(3)), cancellationToken);
        }, cancellationToken);
    }
}
