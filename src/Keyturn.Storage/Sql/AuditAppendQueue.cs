using System.Threading.Channels;
using Keyturn.Core.Domain;

namespace Keyturn.Storage.Sql;

/// <summary>
/// Gathers concurrent audit appends into one chained write. With every request audited, appends arrive as fast as
/// requests do; as one write each they cost three statements apiece (two on the chain head), and the chain head
/// allowed no more than one in flight anyway. Here one loop takes every append waiting, writes them with one head
/// update and multi-row inserts, and waits for that write's commit before taking the next group, so a slow commit
/// makes the next group larger, not the queue longer. Each caller completes when its group is durable, or fails
/// with it: a group fails as a whole.
/// </summary>
internal sealed class AuditAppendQueue : IAsyncDisposable
{
    private const int MaxGroup = 256;

    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<AuditEntry>, Task> _write;
    private readonly Task _loop;

    public AuditAppendQueue(Func<IReadOnlyList<AuditEntry>, Task> write)
    {
        _write = write;
        _loop = Task.Run(RunAsync);
    }

    public Task AppendAsync(AuditEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((entry, done)))
        {
            throw new ObjectDisposedException(nameof(AuditAppendQueue), "The store is closed.");
        }

        return done.Task;
    }

    private async Task RunAsync()
    {
        var group = new List<(AuditEntry Entry, TaskCompletionSource Done)>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            try
            {
                await _write([.. group.Select(g => g.Entry)]);
                group.ForEach(g => g.Done.TrySetResult());
            }
            catch (Exception error)
            {
                group.ForEach(g => g.Done.TrySetException(error));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
