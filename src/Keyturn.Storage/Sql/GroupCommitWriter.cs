using System.Data.Common;
using System.Threading.Channels;

namespace Keyturn.Storage.Sql;

/// <summary>
/// Group commit for SQLite. SQLite has one writer at a time and every commit waits for an fsync of the WAL, so
/// concurrent rotations spent most of their time queueing for each other's fsyncs (docs/benchmarks.md, rotation
/// section). Here one loop takes every write waiting at that moment, runs each inside its own SAVEPOINT of a single
/// transaction, and commits them with one fsync. Each caller's task completes only after that commit is durable,
/// and a write that fails fails alone, so callers see exactly what a transaction of their own would have given
/// them: the group runs first without savepoints and, only when one of its writes fails, again with each write in
/// its own SAVEPOINT. A lone write is not delayed: the loop starts as soon as anything is queued. A group of writes
/// that all need no fsync of their own (<see cref="WriteDurability.WithNextDurableCommit"/>) commits without one.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    // Bounds the work one fsync covers, so a long queue still commits in steps.
    private const int MaxBatch = 64;

    // Writes of a group run one after another, each released before the next starts, so one name serves them all
    // and the three statements stay prepared.
    private const string Savepoint = "SAVEPOINT w";
    private const string ReleaseSavepoint = "RELEASE w";
    private const string RollbackToSavepoint = "ROLLBACK TO w";

    private readonly SqlDialect _dialect;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    // The writer keeps one connection. SQLite empties a connection's page cache whenever another connection has
    // committed since its last transaction; a writer renting any pooled connection found it stale at every group and
    // read back each b-tree page it touched (most of the 80 pread calls of a rotation). Only this connection
    // commits, so its cache stays valid from one group to the next. Used by the loop alone.
    private DbLease? _lease;

    public GroupCommitWriter(SqlDialect dialect)
    {
        _dialect = dialect;
        _loop = Task.Run(RunAsync);
    }

    /// <param name="announce">Whether other nodes must hear of the change (<see cref="SqlDialect.AnnounceChangeAsync"/>).</param>
    public Task<T> WriteAsync<T>(Func<DbSession, Task<T>> write, WriteDurability durability, bool announce, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = new PendingWrite(
            async db =>
            {
                var result = await write(db);
                return () => completion.TrySetResult(result);
            },
            error => completion.TrySetException(error),
            () => completion.TrySetCanceled(cancellationToken),
            durability,
            announce,
            cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The store is closed.");
        }

        return completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Cancel();
                    continue;
                }

                batch.Add(pending);
            }

            if (batch.Count > 0)
            {
                await CommitBatchAsync(batch);
            }
        }
    }

    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        List<Action> outcomes;
        try
        {
            // Most groups hold no failing write, so they run back to back without savepoints (each cost two statements
            // and a copy of every page its write touched). When one fails, the group is rolled back and run again with
            // a savepoint around each write, so that write fails alone.
            outcomes = await RunAndCommitAsync(batch, isolate: false) ?? (await RunAndCommitAsync(batch, isolate: true))!;
        }
        catch (Exception error)
        {
            // Whatever failed may have left the connection unusable: hand it back (the pool closes a broken one) and
            // take a fresh one for the next group.
            await ReturnLeaseAsync();
            // The transaction as a whole failed (I/O, a full disk, a rollback SQLite forced): nothing in it was
            // committed, so every caller in the batch gets the error.
            foreach (var pending in batch)
            {
                pending.Fail(error);
            }

            return;
        }

        foreach (var complete in outcomes)
        {
            complete();
        }
    }

    /// <summary>
    /// Runs the group's writes in one transaction and commits it. Without <paramref name="isolate"/>, a write of a
    /// larger group that fails rolls the transaction back and the result is null; a lone write's failure is thrown.
    /// </summary>
    private async Task<List<Action>?> RunAndCommitAsync(List<PendingWrite> batch, bool isolate)
    {
        var outcomes = new List<Action>(batch.Count);
        var durability = batch.TrueForAll(w => w.Durability == WriteDurability.WithNextDurableCommit)
            ? WriteDurability.WithNextDurableCommit
            : WriteDurability.Durable;
        var lease = _lease ??= await _dialect.OpenAsync(CancellationToken.None);
        await using var transaction = await _dialect.BeginWriteAsync(lease, durability, CancellationToken.None);
        var db = new DbSession(_dialect, lease, transaction);
        foreach (var pending in batch)
        {
            if (isolate)
            {
                outcomes.Add(await RunInSavepointAsync(db, pending));
                continue;
            }

            try
            {
                outcomes.Add(await pending.Run(db));
            }
            catch (Exception error) when (batch.Count > 1 && (error is not DbException || IsStatementError(error)))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return null;
            }
        }

        if (batch.Exists(w => w.Announce))
        {
            await _dialect.AnnounceChangeAsync(db, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return outcomes;
    }

    /// <summary>Runs one write of a group; a failure undoes only this write, and the others in the group go on.</summary>
    private async Task<Action> RunInSavepointAsync(DbSession db, PendingWrite pending)
    {
        await db.Sql(Savepoint).ExecuteAsync(CancellationToken.None);
        try
        {
            var outcome = await pending.Run(db);
            await db.Sql(ReleaseSavepoint).ExecuteAsync(CancellationToken.None);
            return outcome;
        }
        catch (Exception error) when (error is not DbException || IsStatementError(error))
        {
            await db.Sql(RollbackToSavepoint).ExecuteAsync(CancellationToken.None);
            await db.Sql(ReleaseSavepoint).ExecuteAsync(CancellationToken.None);
            return () => pending.Fail(error);
        }
    }

    /// <summary>
    /// Constraint violations and the like end one statement and leave the transaction usable; anything else
    /// (I/O errors, SQLITE_FULL, a busy database) may have rolled the whole transaction back.
    /// </summary>
    private bool IsStatementError(Exception error) =>
        error is DbException db && _dialect.Classify(db) is ConflictKind.Unique or ConflictKind.ForeignKey;

    private async ValueTask ReturnLeaseAsync()
    {
        if (_lease is { } lease)
        {
            _lease = null;
            await lease.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await ReturnLeaseAsync();
    }

    private sealed record PendingWrite(
        Func<DbSession, Task<Action>> Run, Action<Exception> Fail, Action Cancel, WriteDurability Durability, bool Announce, CancellationToken CancellationToken);
}
