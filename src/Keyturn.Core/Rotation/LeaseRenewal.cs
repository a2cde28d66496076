using Keyturn.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Keeps an attempt's lease alive while it runs (every third of the lease duration), so a slow provider or a long
/// verify never lets the lease lapse and a second attempt start on another node.
/// </summary>
internal sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private int _renewals;

    private LeaseRenewal(Func<DateTimeOffset, CancellationToken, Task<bool>> renew, Guid id, RotationOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _timer = new PeriodicTimer(options.LeaseDuration / 3, timeProvider);
        _loop = RenewAsync(renew, id, timeProvider, logger, _timer, () => Interlocked.Increment(ref _renewals), _stop.Token);
    }

    /// <summary>How many times the lease was extended (for tests and logs).</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    public static LeaseRenewal Start(IRotationStore store, Guid rotationId, RotationOptions options, TimeProvider timeProvider, ILogger logger) =>
        new((now, token) => store.TryAcquireLeaseAsync(rotationId, options.NodeId, now + options.LeaseDuration, now, token), rotationId, options, timeProvider, logger);

    /// <summary>Renews any lease (a connection's, for its self-rotation) through <paramref name="renew"/>, which is given the time and says whether it still holds.</summary>
    public static LeaseRenewal Start(Func<DateTimeOffset, CancellationToken, Task<bool>> renew, Guid id, RotationOptions options, TimeProvider timeProvider, ILogger logger) =>
        new(renew, id, options, timeProvider, logger);

    private static async Task RenewAsync(
        Func<DateTimeOffset, CancellationToken, Task<bool>> renew, Guid rotationId, TimeProvider timeProvider, ILogger logger, PeriodicTimer timer, Action renewed,
        CancellationToken stop)
    {
        try
        {
            // Disposing the timer ends the wait with false; the token only stops a renewal already in flight.
            while (await timer.WaitForNextTickAsync(CancellationToken.None))
            {
                var now = timeProvider.GetUtcNow();
                try
                {
                    if (!await renew(now, stop))
                    {
                        logger.LogWarning("Rotation {RotationId}: the lease could not be renewed; another node holds it", rotationId);
                        return;
                    }

                    renewed();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A store hiccup: the lease still has two thirds of its time; try again at the next tick.
                    logger.LogWarning(e, "Rotation {RotationId}: renewing the lease failed; retrying", rotationId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Most attempts end long before the first renewal: stopping by disposing the timer costs nothing, where
        // cancelling the wait threw and caught an OperationCanceledException per attempt (about 50 µs of CPU in the
        // rotation profile). Only a renewal caught mid-write is cancelled.
        _timer.Dispose();
        if (!_loop.IsCompleted)
        {
            await _stop.CancelAsync();
        }

        await _loop;
        _stop.Dispose();
    }
}
