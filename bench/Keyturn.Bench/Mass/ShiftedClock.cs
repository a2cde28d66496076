namespace Keyturn.Bench.Mass;

/// <summary>
/// The system clock moved forward by an offset the benchmark sets: jumping a month ahead makes every rotation due at
/// the same instant, as on the first day of a shared schedule, while timers and delays still run in real time.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
