namespace Keyturn.Server.Scheduling;

/// <summary>What <see cref="RotationWorkPool.TryStart"/> did.</summary>
public enum StartOutcome
{
    Started,

    /// <summary>The rotation has work running, or already had some since the last tick.</summary>
    AlreadyRan,

    /// <summary>The rotation's connection runs as much as it may.</summary>
    ConnectionFull,

    /// <summary>Every slot is taken; nothing else can start until one frees.</summary>
    PoolFull,
}

/// <summary>
/// Runs scheduler work (scheduled attempts, recoveries) in the background: at most <c>concurrency</c> pieces at once,
/// at most <c>perConnection</c> per app connection, so one tenant's slow or throttled rotations cannot take every
/// slot, and at most one per rotation. A rotation starts at most once per tick: an attempt that ends without
/// changing it (another node holds it) leaves it due, and must not be started again as soon as a slot frees.
/// </summary>
public sealed class RotationWorkPool(int concurrency, int perConnection, ILogger<RotationWorkPool> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Task> _running = [];
    private readonly Dictionary<Guid, int> _perConnection = [];
    private readonly HashSet<Guid> _startedThisTick = [];

    /// <summary>Raised after a piece of work ends and its slot is free again (on the thread that ran it).</summary>
    public event Action? Freed;

    public bool HasFreeSlot
    {
        get
        {
            lock (_gate)
            {
                return _running.Count < concurrency;
            }
        }
    }

    /// <summary>Lets every rotation start once more (the loop calls it on each timer tick).</summary>
    public void BeginTick()
    {
        lock (_gate)
        {
            _startedThisTick.Clear();
        }
    }

    public StartOutcome TryStart(Guid rotationId, Guid connectionId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        Task<Task> run;
        lock (_gate)
        {
            if (_running.ContainsKey(rotationId) || _startedThisTick.Contains(rotationId))
            {
                return StartOutcome.AlreadyRan;
            }

            if (_running.Count >= concurrency)
            {
                return StartOutcome.PoolFull;
            }

            var onConnection = _perConnection.GetValueOrDefault(connectionId);
            if (onConnection >= perConnection)
            {
                return StartOutcome.ConnectionFull;
            }

            // Registered before it starts, so its own end (which unregisters it) cannot come first.
            run = new Task<Task>(() => RunAsync(rotationId, connectionId, work, cancellationToken));
            _running[rotationId] = run.Unwrap();
            _perConnection[connectionId] = onConnection + 1;
            _startedThisTick.Add(rotationId);
        }

        run.Start(TaskScheduler.Default);
        return StartOutcome.Started;
    }

    /// <summary>Waits for one running piece of work to end; false at once when none runs.</summary>
    public async Task<bool> WhenAnyEndsAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _running.Values];
        }

        if (running.Length == 0)
        {
            return false;
        }

        await Task.WhenAny(running).WaitAsync(cancellationToken);
        return true;
    }

    /// <summary>Waits until no work runs (on shutdown, so nothing writes to a store being disposed).</summary>
    public async Task WhenIdleAsync()
    {
        while (await WhenAnyEndsAsync(CancellationToken.None))
        {
        }
    }

    private async Task RunAsync(Guid rotationId, Guid connectionId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the job left open is recovered on the next start.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Scheduled work on rotation {RotationId} failed", rotationId);
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(rotationId);
                if (--_perConnection[connectionId] == 0)
                {
                    _perConnection.Remove(connectionId);
                }
            }

            Freed?.Invoke();
        }
    }
}
