namespace Keyturn.Core.Telemetry;

/// <summary>The due-scan's last counts, written by the scheduler and read by a scrape on another thread.</summary>
internal sealed class DueRotationCounts
{
    /// <summary>
    /// A rotation due this long is one the scheduler is not getting to: the default failure retries end within an hour
    /// (RotationOptions.FailureRetryMaxDelay), so anything older is stuck, throttled or waiting for a free slot.
    /// </summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromHours(1);

    private long _counts;

    public int Due => (int)(Volatile.Read(ref _counts) >> 32);

    public int Overdue => (int)(Volatile.Read(ref _counts) & 0xFFFFFFFF);

    // One 64-bit word, so a scrape never pairs one scan's due with another's overdue.
    public void Set(int due, int overdue) => Volatile.Write(ref _counts, ((long)due << 32) | (uint)overdue);
}
