using System.Data.Common;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string JobColumns = "id, rotation_id, trigger_kind, status, target_slot, started_at, ended_at, message";
    private const string JournalColumns = "job_id, seq, step, phase, data_json, sealed_secret, at";
    private const string Running = "running";

    // The lease clause is appended by the caller when it guards the write (a constant either way, so no string is built per call).
    private const string WriteOutcomeSql = """
        UPDATE rotations SET
            active_index = @active_index, rotation_status = @rotation_status, last_rotation_message = @last_rotation_message,
            last_rotation_attempted_at = @last_rotation_attempted_at, last_rotated_at = @last_rotated_at,
            last_rotation_job_id = @last_rotation_job_id, last_rotation_was_manual = @last_rotation_was_manual,
            next_rotation_at = @next_rotation_at, failed_attempts = @failed_attempts, updated_at = @updated_at
        WHERE id = @id
        """;

    public Task StartJobAsync(RotationJob job, IReadOnlyList<JournalEntry> firstEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(firstEntries);
        return WriteAsync(async db =>
        {
            await db.Sql($"""
                    INSERT INTO rotation_jobs ({JobColumns})
                    VALUES (@id, @rotation_id, @trigger_kind, @status, @target_slot, @started_at, @ended_at, @message)
                    """)
                .Add("id", job.Id).Add("rotation_id", job.RotationId).Add("trigger_kind", job.Trigger).Add("status", job.Status)
                .Add("target_slot", job.TargetSlot).Add("started_at", job.StartedAt).Add("ended_at", job.EndedAt).Add("message", job.Message)
                .ExecuteAsync(cancellationToken);
            await InsertJournalAsync(db, firstEntries, cancellationToken);
            return true;
        }, Conflict(() => $"job {job.Id} or one of its first journal entries already exists", () => $"rotation {job.RotationId} does not exist"), cancellationToken,
        invalidates: CacheKinds.None);
    }

    public Task<RotationJob?> GetJobAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql($"SELECT {JobColumns} FROM rotation_jobs WHERE id = @id")
            .Add("id", id).FirstOrDefaultAsync(ReadJob, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<RotationJob>> ListOpenJobsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {JobColumns} FROM rotation_jobs WHERE status = @status ORDER BY started_at, id")
            .Add("status", Running).QueryAsync(ReadJob, cancellationToken), cancellationToken);

    public Task AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return AppendJournalAsync(new JournalAppend([entry]), cancellationToken);
    }

    // Journal rows first, then the slot: the order DeleteRotation locks job before slot, so the two queue, not deadlock.
    public Task AppendJournalAsync(JournalAppend append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(append);
        return WriteAsync(async db =>
        {
            await InsertJournalAsync(db, append.Entries, cancellationToken);
            if (append.EmptySlot is { } slot)
            {
                await DeleteSlotAsync(db, slot, cancellationToken);
            }

            return true;
        }, JournalConflict(append.Entries), cancellationToken, invalidates: CacheKinds.None);
    }

    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(Guid jobId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {JournalColumns} FROM journal_entries WHERE job_id = @job_id ORDER BY seq")
            .Add("job_id", jobId).QueryAsync(ReadJournal, cancellationToken), cancellationToken);

    // Locks in the order rotation, then job (as DeleteRotation does) so concurrent transactions queue, not deadlock.
    // The job must still be running: a second node that took over an expired lease cannot activate the same job twice.
    // Only the fields an attempt owns are written, and only while the attempt's owner holds the lease.
    public Task CompleteActivationAsync(RotationActivation activation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return WriteAsync(async db =>
        {
            await WriteOutcomeAsync(db, activation.Rotation, activation.LeaseOwner, cancellationToken);
            await EndJobAsync(db, activation.JobId, "succeeded", activation.At, activation.Message, cancellationToken);
            await UpsertSlotAsync(db, activation.Slot, cancellationToken);
            if (activation.AdoptedSlot is { } adopted)
            {
                await UpsertSlotAsync(db, adopted, cancellationToken);
            }

            foreach (var write in activation.SecretWrites)
            {
                await ApplySecretWriteAsync(db, write, cancellationToken);
            }

            await InsertJournalAsync(db, activation.Journal, cancellationToken);
            foreach (var entry in activation.Audit)
            {
                await InsertAuditAsync(db, entry, cancellationToken);
            }

            if (activation.ReleaseLeaseOwner is { } owner)
            {
                await ReleaseLeaseAsync(db, activation.Rotation.Id, owner, cancellationToken);
            }

            return true;
        }, JournalConflict(activation.Journal), cancellationToken, invalidates: CacheKinds.CurrentSecret);
    }

    private static Task UpsertSlotAsync(DbSession db, RotationSlot slot, CancellationToken cancellationToken) =>
        db.Sql($"""
                INSERT INTO rotation_slots ({SlotColumns})
                VALUES (@rotation_id, @slot_index, @credential_id, @sealed_credential, @job_id, @issued_at, @expires_at)
                ON CONFLICT (rotation_id, slot_index) DO UPDATE SET
                    credential_id = excluded.credential_id, sealed_credential = excluded.sealed_credential,
                    job_id = excluded.job_id, issued_at = excluded.issued_at, expires_at = excluded.expires_at
                """)
            .Add("rotation_id", slot.RotationId).Add("slot_index", slot.Index).Add("credential_id", slot.CredentialId)
            .Add("sealed_credential", slot.SealedCredential).Add("job_id", slot.JobId).Add("issued_at", slot.IssuedAt)
            .Add("expires_at", slot.ExpiresAt).ExecuteAsync(cancellationToken);

    public Task FailJobAsync(RotationFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return WriteAsync(async db =>
        {
            await WriteOutcomeAsync(db, failure.Rotation, failure.LeaseOwner, cancellationToken);
            await EndJobAsync(db, failure.JobId, "failed", failure.At, failure.Message, cancellationToken);
            await InsertJournalAsync(db, [failure.Journal], cancellationToken);
            foreach (var entry in failure.Audit)
            {
                await InsertAuditAsync(db, entry, cancellationToken);
            }

            return true;
        }, JournalConflict([failure.Journal]), cancellationToken, invalidates: CacheKinds.None);
    }

    /// <summary>
    /// The attempt's outcome fields only (active slot, status, message, times, next run, failed attempts), so a name, schedule or
    /// mapping changed meanwhile is never overwritten; refused when <paramref name="leaseOwner"/> no longer holds the lease.
    /// </summary>
    private static async Task WriteOutcomeAsync(DbSession db, SecretRotation rotation, string? leaseOwner, CancellationToken cancellationToken)
    {
        var statement = db.Sql(leaseOwner is null ? WriteOutcomeSql : WriteOutcomeSql + " AND lease_owner = @lease_owner")
            .Add("id", rotation.Id).Add("active_index", rotation.ActiveIndex).Add("rotation_status", rotation.RotationStatus)
            .Add("last_rotation_message", rotation.LastRotationMessage).Add("last_rotation_attempted_at", rotation.LastRotationAttemptedAt)
            .Add("last_rotated_at", rotation.LastRotatedAt).Add("last_rotation_job_id", rotation.LastRotationJobId)
            .Add("last_rotation_was_manual", rotation.LastRotationWasManual).Add("next_rotation_at", rotation.NextRotationAt)
            .Add("failed_attempts", rotation.FailedAttempts).Add("updated_at", rotation.UpdatedAt);
        var written = await (leaseOwner is null ? statement : statement.Add("lease_owner", leaseOwner)).ExecuteAsync(cancellationToken);
        if (written == 0)
        {
            throw new StoreConflictException(leaseOwner is null
                ? $"rotation {rotation.Id} no longer exists"
                : $"rotation {rotation.Id} no longer exists or its lease is no longer held by {leaseOwner}");
        }
    }

    private static Task EndJobAsync(DbSession db, Guid jobId, string status, DateTimeOffset at, string? message, CancellationToken cancellationToken) =>
        EndJobAsync(db, JobTables.Rotation, jobId, status, at, message, cancellationToken);

    private static Task InsertJournalAsync(DbSession db, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken) =>
        InsertJournalAsync(db, JobTables.Rotation, entries, cancellationToken);

    /// <summary>Ends a running job of either kind; a job no longer running (ended by another node) is a conflict.</summary>
    private static async Task EndJobAsync(
        DbSession db, JobTables tables, Guid jobId, string status, DateTimeOffset at, string? message, CancellationToken cancellationToken)
    {
        var ended = await db.Sql(tables.EndJobSql)
            .Add("status", status).Add("ended_at", at).Add("message", message).Add("id", jobId).Add("running", Running)
            .ExecuteAsync(cancellationToken);
        if (ended == 0)
        {
            throw new StoreConflictException($"{tables.Kind} {jobId} is not running (missing or already ended)");
        }
    }

    private static async Task InsertJournalAsync(DbSession db, JobTables tables, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            await db.Sql(tables.InsertJournalSql)
                .Add("job_id", entry.JobId).Add("seq", entry.Sequence).Add("step", entry.Step).Add("phase", entry.Phase)
                .Add("data_json", entry.DataJson).Add("sealed_secret", entry.SealedSecret).Add("at", entry.At)
                .ExecuteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The job and journal tables of one kind of journaled attempt: rotations, and connections rotating their own
    /// credential. Same columns, same rules; the SQL is built once per kind so statements stay constant.
    /// </summary>
    private sealed record JobTables(string EndJobSql, string InsertJournalSql, string Kind)
    {
        public static readonly JobTables Rotation = For("rotation_jobs", "journal_entries", "job");
        public static readonly JobTables Connection = For("connection_jobs", "connection_journal_entries", "connection job");

        private static JobTables For(string jobs, string journal, string kind) => new(
            $"UPDATE {jobs} SET status = @status, ended_at = @ended_at, message = @message WHERE id = @id AND status = @running",
            $"INSERT INTO {journal} ({JournalColumns}) VALUES (@job_id, @seq, @step, @phase, @data_json, @sealed_secret, @at)",
            kind);
    }

    private static Func<ConflictKind, string> JournalConflict(IReadOnlyList<JournalEntry> entries) => Conflict(
        () => $"a journal entry among {string.Join(", ", entries.Select(e => $"{e.Sequence} of job {e.JobId}"))} already exists",
        () => $"a job among {string.Join(", ", entries.Select(e => e.JobId).Distinct())} or a row it references does not exist");

    private static RotationJob ReadJob(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetTime(5), r.GetTimeOrNull(6), r.GetStringOrNull(7));

    private static JournalEntry ReadJournal(DbDataReader r) => new(
        r.GetGuid(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBlobOrNull(5), r.GetTime(6));
}
