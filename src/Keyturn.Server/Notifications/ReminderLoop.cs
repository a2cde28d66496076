using Keyturn.Core.Notifications;

namespace Keyturn.Server.Notifications;

/// <summary>
/// Looks for reminders to send on every tick (KeyturnServerOptions.ReminderInterval): rotation.upcoming and
/// credential.expiring. Both are published at least once and recorded once by key, so a missed tick only delays a
/// reminder, and nodes scanning side by side need no coordination.
/// </summary>
public sealed class ReminderLoop(
    IReminderSubscriptions subscriptions, UpcomingReminderScan upcoming, ExpiringCredentialScan expiring, TimeProvider timeProvider, TimeSpan interval,
    ILogger<ReminderLoop> logger) : BackgroundService
{
    /// <summary>One tick: asks which reminders are wanted, then publishes what is due. Returns how many it published. Tests drive it directly.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var daysByProject = await subscriptions.UpcomingDaysBeforeByProjectAsync(cancellationToken);
        return await upcoming.PublishAsync(daysByProject, now, cancellationToken)
            + await expiring.PublishAsync(daysByProject, now, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Looking for reminders to send failed; trying again in {Interval}", interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
