using Keyturn.Core.Reconcile;

namespace Keyturn.Server.Scheduling;

/// <summary>
/// Runs the daily reconcile pass (--reconcile-daily) at the same UTC time each day. A fixed time rather than 24 h after
/// start, so restarts neither skip nor repeat a day, and every node of a cluster passes at once (the leases and the
/// per-day event key keep that harmless).
/// </summary>
public sealed class DailyReconcileLoop(DailyReconcilePass pass, TimeProvider timeProvider, TimeSpan timeOfDay, ILogger<DailyReconcileLoop> logger) : BackgroundService
{
    /// <summary>The first time of day at or after <paramref name="now"/>, strictly after it when it is exactly now's.</summary>
    public static DateTimeOffset NextPassAt(DateTimeOffset now, TimeSpan timeOfDay)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + timeOfDay;
        return today > now ? today : today.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = timeProvider.GetUtcNow();
                await Task.Delay(NextPassAt(now, timeOfDay) - now, timeProvider, stoppingToken);
                try
                {
                    await pass.RunAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The daily reconcile pass failed; the next one runs tomorrow");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
