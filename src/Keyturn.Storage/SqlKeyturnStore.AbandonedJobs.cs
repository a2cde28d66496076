using Keyturn.Core.Domain;

namespace Keyturn.Storage;

// Beside SqlKeyturnStore.Jobs.cs rather than in it: the sweep's query reads the lease, which lives on the rotation row.
internal sealed partial class SqlKeyturnStore
{
    // Driven by ix_rotation_jobs_status (few rows are running); the rotation is looked up per running job.
    public async Task<IReadOnlyList<RotationJob>> ListAbandonedJobsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"""
                SELECT {JobColumns} FROM rotation_jobs
                WHERE status = @status AND EXISTS (
                    SELECT 1 FROM rotations
                    WHERE rotations.id = rotation_jobs.rotation_id
                        AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= @now))
                ORDER BY started_at, id
                """)
            .Add("status", Running).Add("now", now).QueryAsync(ReadJob, cancellationToken), cancellationToken);
}
