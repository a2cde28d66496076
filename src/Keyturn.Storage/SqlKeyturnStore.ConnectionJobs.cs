using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

// A connection's rotation of its own credential: settings, lease, jobs and journal (IConnectionJobStore).
internal sealed partial class SqlKeyturnStore
{
    private const string ConnectionJobColumns = "id, connection_id, trigger_kind, status, started_at, ended_at, message";

    public Task<bool> UpdateConnectionSettingsAsync(
        Guid id, string name, string? description, CredentialRotationSettings settings, DateTimeOffset? nextRotationAt, DateTimeOffset updatedAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WriteAsync(async db => await db.Sql("""
                UPDATE connections SET name = @name, description = @description, credential_rotation_enabled = @enabled,
                    credential_rotation_interval = @interval, credential_rotate_at_hours = @hours, credential_rotate_at_minutes = @minutes,
                    next_credential_rotation_at = @next_at, updated_at = @updated_at
                WHERE id = @id
                """)
            .Add("name", name).Add("description", description).Add("enabled", settings.IsAutoRotationEnabled).Add("interval", settings.RotationInterval)
            .Add("hours", settings.RotateAtHours).Add("minutes", settings.RotateAtMinutes).Add("next_at", nextRotationAt).Add("updated_at", updatedAt)
            .Add("id", id).ExecuteAsync(cancellationToken) == 1,
            Conflict($"a connection named '{name}' already exists", "a referenced row does not exist"), cancellationToken);
    }

    // Compare-and-set in one UPDATE, as TryClaimAsync does for rotations. The lease columns are not part of the
    // record, so a claim changes no cached row.
    public Task<AppConnection?> TryClaimConnectionAsync(Guid id, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteAsync(db => db.Sql($"""
                UPDATE connections SET lease_owner = @owner, lease_until = @until
                WHERE id = @id AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= @now OR lease_owner = @owner)
                RETURNING {ConnectionColumns}
                """)
            .Add("owner", owner).Add("until", until).Add("id", id).Add("now", now)
            .FirstOrDefaultAsync(ReadConnection, cancellationToken),
            Conflict("the lease changed concurrently", "the connection does not exist"), cancellationToken, WriteDurability.WithNextDurableCommit, CacheKinds.None);
    }

    public Task ReleaseConnectionLeaseAsync(Guid id, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteAsync(db => ReleaseConnectionLeaseAsync(db, id, owner, cancellationToken),
            Conflict("the lease changed concurrently", "the connection does not exist"), cancellationToken, WriteDurability.WithNextDurableCommit, CacheKinds.None);
    }

    public async Task<IReadOnlyList<Guid>> ListDueConnectionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(db => db.Sql("""
                SELECT id FROM connections
                WHERE credential_rotation_enabled AND next_credential_rotation_at <= @now
                ORDER BY next_credential_rotation_at, id
                LIMIT @limit
                """).Add("now", now).Add("limit", limit).QueryAsync(r => r.GetGuid(0), cancellationToken), cancellationToken);
    }

    public Task StartConnectionJobAsync(ConnectionJob job, IReadOnlyList<JournalEntry> firstEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(firstEntries);
        return WriteAsync(async db =>
        {
            await db.Sql($"""
                    INSERT INTO connection_jobs ({ConnectionJobColumns})
                    VALUES (@id, @connection_id, @trigger_kind, @status, @started_at, @ended_at, @message)
                    """)
                .Add("id", job.Id).Add("connection_id", job.ConnectionId).Add("trigger_kind", job.Trigger).Add("status", job.Status)
                .Add("started_at", job.StartedAt).Add("ended_at", job.EndedAt).Add("message", job.Message)
                .ExecuteAsync(cancellationToken);
            await InsertConnectionJournalAsync(db, firstEntries, cancellationToken);
            return true;
        }, Conflict(() => $"connection job {job.Id} or one of its first journal entries already exists", () => $"connection {job.ConnectionId} does not exist"),
        cancellationToken, invalidates: CacheKinds.None);
    }

    public Task AppendConnectionJournalAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return WriteAsync(async db =>
        {
            await InsertConnectionJournalAsync(db, entries, cancellationToken);
            return true;
        }, JournalConflict(entries), cancellationToken, invalidates: CacheKinds.None);
    }

    public async Task<IReadOnlyList<JournalEntry>> GetConnectionJournalAsync(Guid jobId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {JournalColumns} FROM connection_journal_entries WHERE job_id = @job_id ORDER BY seq")
            .Add("job_id", jobId).QueryAsync(ReadJournal, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<ConnectionJob>> ListConnectionJobsAsync(Guid connectionId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {ConnectionJobColumns} FROM connection_jobs WHERE connection_id = @connection_id ORDER BY started_at DESC, id DESC")
            .Add("connection_id", connectionId).QueryAsync(ReadConnectionJob, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<ConnectionJob>> ListAbandonedConnectionJobsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"""
                SELECT {ConnectionJobColumns} FROM connection_jobs
                WHERE status = @status AND EXISTS (
                    SELECT 1 FROM connections
                    WHERE connections.id = connection_jobs.connection_id
                        AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= @now))
                ORDER BY started_at, id
                """)
            .Add("status", Running).Add("now", now).QueryAsync(ReadConnectionJob, cancellationToken), cancellationToken);

    // Connection row first, then job, then journal; the connection's credentials change, so every node's cache drops its copy.
    public Task CompleteConnectionCredentialActivationAsync(ConnectionCredentialActivation activation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return WriteAsync(async db =>
        {
            var state = activation.State;
            var written = await db.Sql("""
                    UPDATE connections SET sealed_credentials = @sealed_credentials, active_credential_id = @active_id,
                        previous_credential_id = @previous_id, credential_rotation_status = @status, credential_rotation_message = @message,
                        credentials_rotated_at = @rotated_at, next_credential_rotation_at = @next_at, last_credential_job_id = @job_id,
                        updated_at = @updated_at, lease_owner = NULL, lease_until = NULL
                    WHERE id = @id AND lease_owner = @lease_owner
                    """)
                .Add("sealed_credentials", activation.SealedCredentials).Add("active_id", state.ActiveCredentialId).Add("previous_id", state.PreviousCredentialId)
                .Add("status", state.Status).Add("message", state.Message).Add("rotated_at", state.RotatedAt).Add("next_at", state.NextRotationAt)
                .Add("job_id", state.LastJobId).Add("updated_at", activation.At).Add("id", activation.ConnectionId).Add("lease_owner", activation.LeaseOwner)
                .ExecuteAsync(cancellationToken);
            if (written == 0)
            {
                throw new StoreConflictException($"connection {activation.ConnectionId} no longer exists or its lease is no longer held by {activation.LeaseOwner}");
            }

            await EndConnectionJobAsync(db, activation.JobId, "succeeded", activation.At, activation.Message, cancellationToken);
            await InsertConnectionJournalAsync(db, activation.Journal, cancellationToken);
            await InsertAuditAsync(db, activation.Audit, cancellationToken);
            return true;
        }, JournalConflict(activation.Journal), cancellationToken);
    }

    public Task FailConnectionJobAsync(ConnectionJobFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return WriteAsync(async db =>
        {
            var state = failure.State;
            var written = await db.Sql("""
                    UPDATE connections SET credential_rotation_status = @status, credential_rotation_message = @message,
                        next_credential_rotation_at = @next_at, last_credential_job_id = @job_id, updated_at = @updated_at
                    WHERE id = @id AND lease_owner = @lease_owner
                    """)
                .Add("status", state.Status).Add("message", state.Message).Add("next_at", state.NextRotationAt).Add("job_id", state.LastJobId)
                .Add("updated_at", failure.At).Add("id", failure.ConnectionId).Add("lease_owner", failure.LeaseOwner)
                .ExecuteAsync(cancellationToken);
            if (written == 0)
            {
                throw new StoreConflictException($"connection {failure.ConnectionId} no longer exists or its lease is no longer held by {failure.LeaseOwner}");
            }

            await EndConnectionJobAsync(db, failure.JobId, "failed", failure.At, failure.Message, cancellationToken);
            await InsertConnectionJournalAsync(db, [failure.Journal], cancellationToken);
            await InsertAuditAsync(db, failure.Audit, cancellationToken);
            return true;
        }, JournalConflict([failure.Journal]), cancellationToken);
    }

    private static Task<int> ReleaseConnectionLeaseAsync(DbSession db, Guid id, string owner, CancellationToken cancellationToken) =>
        db.Sql("UPDATE connections SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner")
            .Add("id", id).Add("owner", owner).ExecuteAsync(cancellationToken);

    private static Task EndConnectionJobAsync(DbSession db, Guid jobId, string status, DateTimeOffset at, string? message, CancellationToken cancellationToken) =>
        EndJobAsync(db, JobTables.Connection, jobId, status, at, message, cancellationToken);

    private static Task InsertConnectionJournalAsync(DbSession db, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken) =>
        InsertJournalAsync(db, JobTables.Connection, entries, cancellationToken);

    private static ConnectionJob ReadConnectionJob(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetTime(4), r.GetTimeOrNull(5), r.GetStringOrNull(6));
}
