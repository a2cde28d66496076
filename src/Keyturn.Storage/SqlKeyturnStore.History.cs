using Keyturn.Core.Domain;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

// Pages of jobs, newest first, and their journals read together: the history of a rotation or of a connection's own
// credential. Keyset paging on (started_at, id), served in order by the indexes of migration 5.
internal sealed partial class SqlKeyturnStore
{
    // A page's journals are read with one IN list; its length is rounded up to one of these (padded with a repeated id),
    // so the statement cache holds three texts per table rather than one per page size.
    private static readonly int[] JournalBatchSizes = [10, 25, 100];

    public async Task<IReadOnlyList<RotationJob>> ListJobsAsync(Guid rotationId, JobCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(db => PageStatement(db, "rotation_jobs", "rotation_id", JobColumns, rotationId, after, limit)
            .QueryAsync(ReadJob, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<ConnectionJob>> ListConnectionJobsAsync(Guid connectionId, JobCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(db => PageStatement(db, "connection_jobs", "connection_id", ConnectionJobColumns, connectionId, after, limit)
            .QueryAsync(ReadConnectionJob, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<JournalEntry>> GetJournalsAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken) =>
        JournalsAsync("journal_entries", jobIds, cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> GetConnectionJournalsAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken) =>
        JournalsAsync("connection_journal_entries", jobIds, cancellationToken);

    // Table and column names are constants of this file, never input; values are parameters.
    private static Statement PageStatement(DbSession db, string table, string owner, string columns, Guid ownerId, JobCursor? after, int limit)
    {
        var statement = db.Sql($"""
            SELECT {columns} FROM {table}
            WHERE {owner} = @owner {(after is null ? "" : "AND (started_at, id) < (@after_at, @after_id)")}
            ORDER BY started_at DESC, id DESC
            LIMIT @limit
            """).Add("owner", ownerId);
        if (after is not null)
        {
            statement.Add("after_at", after.StartedAt).Add("after_id", after.Id);
        }

        return statement.Add("limit", limit);
    }

    private async Task<IReadOnlyList<JournalEntry>> JournalsAsync(string table, IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var entries = new List<JournalEntry>();
        foreach (var chunk in jobIds.Distinct().Chunk(JournalBatchSizes[^1]))
        {
            var size = JournalBatchSizes.First(s => s >= chunk.Length);
            var names = Enumerable.Range(0, size).Select(i => $"@j{i}");
            entries.AddRange(await ReadAsync(db =>
            {
                var statement = db.Sql($"SELECT {JournalColumns} FROM {table} WHERE job_id IN ({string.Join(", ", names)}) ORDER BY job_id, seq");
                for (var i = 0; i < size; i++)
                {
                    statement.Add($"j{i}", chunk[Math.Min(i, chunk.Length - 1)]);
                }

                return statement.QueryAsync(ReadJournal, cancellationToken);
            }, cancellationToken));
        }

        return entries;
    }
}
