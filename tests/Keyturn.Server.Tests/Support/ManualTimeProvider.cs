namespace Keyturn.Server.Tests.Support;

/// <summary>
/// A clock the test sets. Only "now" is faked; timers and timestamps stay real, so waits inside the server (verify
/// backoff) still end.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;
}
