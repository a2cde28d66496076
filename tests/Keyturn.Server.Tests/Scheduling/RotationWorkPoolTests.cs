using Keyturn.Server.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keyturn.Server.Tests.Scheduling;

/// <summary>The limits, checked with work that waits on a gate the test opens, so nothing depends on timing.</summary>
public sealed class RotationWorkPoolTests
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task TryStart_PerConnectionLimit_RefusesTheThirdOnOneConnectionButNotAnother()
    {
        var pool = Pool(concurrency: 16, perConnection: 2);
        var (busy, other) = (Guid.NewGuid(), Guid.NewGuid());

        var outcomes = new[] { Start(pool, busy), Start(pool, busy), Start(pool, busy), Start(pool, other) };

        Assert.Equal([StartOutcome.Started, StartOutcome.Started, StartOutcome.ConnectionFull, StartOutcome.Started], outcomes);
        await OpenAndDrainAsync(pool);
    }

    [Fact]
    public async Task TryStart_AllSlotsTaken_IsPoolFullUntilOneEnds()
    {
        var pool = Pool(concurrency: 2, perConnection: 2);
        Start(pool, Guid.NewGuid());
        var gated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pool.TryStart(Guid.NewGuid(), Guid.NewGuid(), _ => gated.Task, CancellationToken.None);

        Assert.False(pool.HasFreeSlot);
        Assert.Equal(StartOutcome.PoolFull, Start(pool, Guid.NewGuid()));
        var freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pool.Freed += () => freed.TrySetResult();
        gated.SetResult();
        await freed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(pool.HasFreeSlot);
        Assert.Equal(StartOutcome.Started, Start(pool, Guid.NewGuid()));
        await OpenAndDrainAsync(pool);
    }

    [Fact]
    public async Task TryStart_SameRotationTwiceInATick_RunsItOnceUntilTheNextTick()
    {
        var pool = Pool(concurrency: 4, perConnection: 4);
        var (rotation, connection) = (Guid.NewGuid(), Guid.NewGuid());
        var runs = 0;
        Task Work(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }

        Assert.Equal(StartOutcome.Started, pool.TryStart(rotation, connection, Work, CancellationToken.None));
        await pool.WhenIdleAsync();
        var again = pool.TryStart(rotation, connection, Work, CancellationToken.None);
        pool.BeginTick();
        var nextTick = pool.TryStart(rotation, connection, Work, CancellationToken.None);
        await pool.WhenIdleAsync();

        Assert.Equal(StartOutcome.AlreadyRan, again);
        Assert.Equal(StartOutcome.Started, nextTick);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task TryStart_WorkThrows_FreesTheSlotAndTheConnection()
    {
        var pool = Pool(concurrency: 1, perConnection: 1);
        var connection = Guid.NewGuid();

        pool.TryStart(Guid.NewGuid(), connection, _ => throw new InvalidOperationException("boom"), CancellationToken.None);
        await pool.WhenIdleAsync();

        Assert.Equal(StartOutcome.Started, Start(pool, connection));
        await OpenAndDrainAsync(pool);
    }

    [Fact]
    public async Task WhenAnyEndsAsync_NothingRunning_IsFalseAtOnce() =>
        Assert.False(await Pool(1, 1).WhenAnyEndsAsync(CancellationToken.None));

    private static RotationWorkPool Pool(int concurrency, int perConnection) => new(concurrency, perConnection, NullLogger<RotationWorkPool>.Instance);

    private StartOutcome Start(RotationWorkPool pool, Guid connectionId) =>
        pool.TryStart(Guid.NewGuid(), connectionId, _ => _gate.Task, CancellationToken.None);

    private async Task OpenAndDrainAsync(RotationWorkPool pool)
    {
        _gate.TrySetResult();
        await pool.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
