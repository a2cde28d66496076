namespace Keyturn.Server.Notifications;

/// <summary>
/// Wakes the dispatcher when this node recorded a delivery, so it goes out at once rather than at the next poll.
/// Deliveries other nodes record are found by the poll.
/// </summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up serves every delivery recorded before it.
        }
    }

    /// <summary>Completes when signalled or after <paramref name="interval"/> on <paramref name="timeProvider"/>'s clock.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _pending.WaitAsync(stop.Token);
        var elapsed = Task.Delay(interval, timeProvider, stop.Token);
        await Task.WhenAny(signalled, elapsed);
        await stop.CancelAsync();
        if (signalled.IsCompletedSuccessfully)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
