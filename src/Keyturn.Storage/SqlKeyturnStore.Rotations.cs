using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string RotationColumns = """
        id, project_id, environment_id, folder_id, rotation_type, name, description, connection_id,
        is_auto_rotation_enabled, rotation_interval, rotate_at_hours, rotate_at_minutes, parameters_json,
        secrets_mapping_json, active_index, rotation_status, last_rotation_message, last_rotation_attempted_at,
        last_rotated_at, last_rotation_job_id, last_rotation_was_manual, next_rotation_at, created_at, updated_at,
        rotation_schedule, failed_attempts, is_delete_protected
        """;

    // Every column but id, project_id, created_at and the lease: replacing the row must not drop a claim.
    private const string ReplaceRotationSql = """
        UPDATE rotations SET
            environment_id = @environment_id, folder_id = @folder_id, rotation_type = @rotation_type, name = @name,
            description = @description, connection_id = @connection_id, is_auto_rotation_enabled = @is_auto_rotation_enabled,
            rotation_interval = @rotation_interval, rotate_at_hours = @rotate_at_hours, rotate_at_minutes = @rotate_at_minutes,
            parameters_json = @parameters_json, secrets_mapping_json = @secrets_mapping_json, active_index = @active_index,
            rotation_status = @rotation_status, last_rotation_message = @last_rotation_message,
            last_rotation_attempted_at = @last_rotation_attempted_at, last_rotated_at = @last_rotated_at,
            last_rotation_job_id = @last_rotation_job_id, last_rotation_was_manual = @last_rotation_was_manual,
            next_rotation_at = @next_rotation_at, updated_at = @updated_at,
            rotation_schedule = @rotation_schedule, failed_attempts = @failed_attempts, is_delete_protected = @is_delete_protected
        WHERE id = @id
        """;

    private const string SlotColumns = "rotation_id, slot_index, credential_id, sealed_credential, job_id, issued_at, expires_at";

    public Task CreateRotationAsync(SecretRotation rotation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        return WriteAsync(db => BindRotation(db.Sql($"""
                INSERT INTO rotations ({RotationColumns}) VALUES (
                    @id, @project_id, @environment_id, @folder_id, @rotation_type, @name, @description, @connection_id,
                    @is_auto_rotation_enabled, @rotation_interval, @rotate_at_hours, @rotate_at_minutes, @parameters_json,
                    @secrets_mapping_json, @active_index, @rotation_status, @last_rotation_message, @last_rotation_attempted_at,
                    @last_rotated_at, @last_rotation_job_id, @last_rotation_was_manual, @next_rotation_at, @created_at, @updated_at,
                    @rotation_schedule, @failed_attempts, @is_delete_protected)
                """), rotation).Add("project_id", rotation.ProjectId).Add("created_at", rotation.CreatedAt)
            .ExecuteAsync(cancellationToken),
            RotationConflict(rotation), cancellationToken);
    }

    public Task<SecretRotation?> GetRotationAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql($"SELECT {RotationColumns} FROM rotations WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadRotation, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<SecretRotation>> ListRotationsAsync(Guid projectId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {RotationColumns} FROM rotations WHERE project_id = @project_id ORDER BY created_at, id")
            .Add("project_id", projectId).QueryAsync(ReadRotation, cancellationToken), cancellationToken);

    public Task<bool> UpdateRotationAsync(SecretRotation rotation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        return WriteAsync(
            async db => await BindRotation(db.Sql(ReplaceRotationSql), rotation).ExecuteAsync(cancellationToken) > 0,
            RotationConflict(rotation), cancellationToken);
    }

    public Task<bool> DeleteRotationAsync(Guid id, bool deleteSecrets, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            // A no-op update locks the row first (PostgreSQL), in the same order CompleteActivation and FailJob use,
            // so a concurrent activation either finishes before the delete or finds the rotation gone.
            if (await db.Sql("UPDATE rotations SET updated_at = updated_at WHERE id = @id").Add("id", id).ExecuteAsync(cancellationToken) == 0)
            {
                return false;
            }

            if (deleteSecrets)
            {
                await db.Sql("DELETE FROM secret_versions WHERE secret_id IN (SELECT id FROM secrets WHERE owner_rotation_id = @id)")
                    .Add("id", id).ExecuteAsync(cancellationToken);
                await db.Sql("DELETE FROM secrets WHERE owner_rotation_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            }
            else
            {
                await db.Sql("UPDATE secrets SET owner_rotation_id = NULL WHERE owner_rotation_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            }

            await db.Sql("DELETE FROM journal_entries WHERE job_id IN (SELECT id FROM rotation_jobs WHERE rotation_id = @id)")
                .Add("id", id).ExecuteAsync(cancellationToken);
            await db.Sql("DELETE FROM rotation_jobs WHERE rotation_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            await db.Sql("DELETE FROM rotation_slots WHERE rotation_id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            await db.Sql("DELETE FROM rotations WHERE id = @id").Add("id", id).ExecuteAsync(cancellationToken);
            return true;
        }, Conflict("the rotation changed while being deleted", "the rotation is still referenced"), cancellationToken);

    public async Task<IReadOnlyList<RotationSlot>> ListSlotsAsync(Guid rotationId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {SlotColumns} FROM rotation_slots WHERE rotation_id = @rotation_id ORDER BY slot_index")
            .Add("rotation_id", rotationId).QueryAsync(ReadSlot, cancellationToken), cancellationToken);

    public Task DeleteSlotAsync(Guid rotationId, int index, CancellationToken cancellationToken) =>
        WriteAsync(db => DeleteSlotAsync(db, new SlotRef(rotationId, index), cancellationToken),
            Conflict("the slot changed while being deleted", "the slot is still referenced"), cancellationToken);

    private static Task<int> DeleteSlotAsync(DbSession db, SlotRef slot, CancellationToken cancellationToken) =>
        db.Sql("DELETE FROM rotation_slots WHERE rotation_id = @rotation_id AND slot_index = @slot_index")
            .Add("rotation_id", slot.RotationId).Add("slot_index", slot.Index).ExecuteAsync(cancellationToken);

    public async Task<IReadOnlyList<DueRotation>> ListDueRotationsAsync(DateTimeOffset now, DueRotation? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        // Written to match the partial index ix_rotations_due_next_id_connection: it returns rows in this order and
        // holds every selected column, so neither a sort nor a table read is needed; the cursor is a range on it.
        return await ReadAsync(db =>
        {
            var statement = db.Sql($"""
                SELECT id, connection_id, next_rotation_at FROM rotations
                WHERE is_auto_rotation_enabled AND next_rotation_at <= @now {(after is null ? "" : "AND (next_rotation_at, id) > (@after_at, @after_id)")}
                ORDER BY next_rotation_at, id
                LIMIT @limit
                """).Add("now", now).Add("limit", limit);
            if (after is not null)
            {
                statement.Add("after_at", after.NextRotationAt).Add("after_id", after.Id);
            }

            return statement.QueryAsync(r => new DueRotation(r.GetGuid(0), r.GetGuid(1), r.GetTime(2)), cancellationToken);
        }, cancellationToken);
    }

    private static Func<ConflictKind, string> RotationConflict(SecretRotation rotation) => Conflict(
        $"a rotation named '{rotation.Name}' already exists in this folder",
        "the rotation's project, environment, folder or connection does not exist");

    /// <summary>Binds the columns <see cref="ReplaceRotationSql"/> writes; inserts add project_id and created_at.</summary>
    private static Statement BindRotation(Statement statement, SecretRotation r) => statement
        .Add("id", r.Id).Add("environment_id", r.EnvironmentId).Add("folder_id", r.FolderId)
        .Add("rotation_type", r.Type).Add("name", r.Name).Add("description", r.Description).Add("connection_id", r.ConnectionId)
        .Add("is_auto_rotation_enabled", r.IsAutoRotationEnabled).Add("rotation_interval", r.RotationInterval)
        .Add("rotate_at_hours", r.RotateAtHours).Add("rotate_at_minutes", r.RotateAtMinutes)
        .Add("parameters_json", r.ParametersJson).Add("secrets_mapping_json", r.SecretsMappingJson)
        .Add("active_index", r.ActiveIndex).Add("rotation_status", r.RotationStatus)
        .Add("last_rotation_message", r.LastRotationMessage).Add("last_rotation_attempted_at", r.LastRotationAttemptedAt)
        .Add("last_rotated_at", r.LastRotatedAt).Add("last_rotation_job_id", r.LastRotationJobId)
        .Add("last_rotation_was_manual", r.LastRotationWasManual).Add("next_rotation_at", r.NextRotationAt)
        .Add("updated_at", r.UpdatedAt).Add("rotation_schedule", r.RotationSchedule).Add("failed_attempts", r.FailedAttempts)
        .Add("is_delete_protected", r.IsDeleteProtected);

    private static SecretRotation ReadRotation(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetGuid(3), r.GetString(4), r.GetString(5), r.GetStringOrNull(6),
        r.GetGuid(7), r.GetBoolean(8), r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetString(12), r.GetString(13),
        r.GetInt32(14), r.GetString(15), r.GetStringOrNull(16), r.GetTimeOrNull(17), r.GetTimeOrNull(18),
        r.GetGuidOrNull(19), r.GetBoolean(20), r.GetTimeOrNull(21), r.GetTime(22), r.GetTime(23))
    {
        RotationSchedule = r.GetStringOrNull(24),
        FailedAttempts = r.GetInt32(25),
        IsDeleteProtected = r.GetBoolean(26),
    };

    private static RotationSlot ReadSlot(DbDataReader r) =>
        new(r.GetGuid(0), r.GetInt32(1), r.GetString(2), r.GetBlob(3), r.GetGuid(4), r.GetTime(5)) { ExpiresAt = r.GetTimeOrNull(6) };
}
