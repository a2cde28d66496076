using Keyturn.Core.Rotation;

namespace Keyturn.Server.Scheduling;

/// <summary>
/// The in-process scheduler. At start it recovers the jobs a crash left open; then on every tick (every
/// <c>interval</c>) it sweeps for abandoned jobs and starts due rotations, and whenever a running one ends it starts
/// more, so free slots do not wait for the next tick. Runs happen in the <see cref="RotationWorkPool"/>, concurrently
/// within its limits. Missed occurrences collapse into one run because due-ness is computed from state; leases keep
/// two nodes from rotating the same rotation.
/// </summary>
public sealed class DueRotationLoop : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly DueRotationScan _scan;
    private readonly AbandonedJobSweep _sweep;
    private readonly RotationRecovery _recovery;
    private readonly RotationWorkPool _pool;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly ILogger<DueRotationLoop> _logger;
    private readonly Action _onFreed;
    private int _tickDue = 1;

    public DueRotationLoop(
        DueRotationScan scan, AbandonedJobSweep sweep, RotationRecovery recovery, RotationWorkPool pool, TimeProvider timeProvider, TimeSpan interval, ILogger<DueRotationLoop> logger)
    {
        (_scan, _sweep, _recovery, _pool, _timeProvider, _interval, _logger) = (scan, sweep, recovery, pool, timeProvider, interval, logger);
        _onFreed = () => _wake.Release();
        _pool.Freed += _onFreed;
    }

    /// <summary>
    /// One tick run to its end: sweeps abandoned jobs and rotates everything due that is not deferred, starting more
    /// as runs end, and returns when nothing runs. Tests drive the scheduler through this.
    /// </summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        await TickAsync(cancellationToken);
        while (await _pool.WhenAnyEndsAsync(cancellationToken))
        {
            await _scan.StartDueAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Before anything is scheduled: jobs a crash left open are finished or rolled back first.
            await _recovery.RecoverOpenJobsAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Recovering open rotation jobs failed");
        }

        using var timer = _timeProvider.CreateTimer(_ => OnTimer(), null, _interval, _interval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await PassAsync(stoppingToken);
                await _wake.WaitAsync(stoppingToken);
                // Several ends (and a tick) while a pass ran need one more pass, not one each.
                while (_wake.Wait(0))
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // The runs see the same token; waiting for them keeps their last writes off a store being disposed.
            await _pool.WhenIdleAsync();
        }
    }

    private void OnTimer()
    {
        Interlocked.Exchange(ref _tickDue, 1);
        _wake.Release();
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Interlocked.Exchange(ref _tickDue, 0) == 1)
            {
                await TickAsync(cancellationToken);
            }
            else
            {
                await _scan.StartDueAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Looking for due rotations failed; trying again in {Interval}", _interval);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        _pool.BeginTick();
        await _sweep.StartRecoveriesAsync(cancellationToken);
        await _scan.StartDueAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _pool.Freed -= _onFreed;
        _wake.Dispose();
        base.Dispose();
    }
}
