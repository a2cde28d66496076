using System.Collections.Concurrent;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Until when each app connection asked to be left alone (Graph and ARM 429/503 Retry-After). One per server:
/// the engine records a provider's Retry-After here, and the scheduler defers that connection's due rotations
/// until then, so one throttled tenant's rotations wait without taking slots from the others.
/// In memory only: after a restart the provider simply says so again.
/// </summary>
public sealed class ConnectionThrottle
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _until = new();

    /// <summary>Leaves the connection alone until <paramref name="until"/>; an earlier time never shortens a longer wait.</summary>
    public void ThrottleUntil(Guid connectionId, DateTimeOffset until) =>
        _until.AddOrUpdate(connectionId, until, (_, current) => until > current ? until : current);

    /// <summary>When the connection may be used again, or null when it may be now.</summary>
    public DateTimeOffset? ThrottledUntil(Guid connectionId, DateTimeOffset now)
    {
        if (!_until.TryGetValue(connectionId, out var until))
        {
            return null;
        }

        if (until > now)
        {
            return until;
        }

        // Over: forget it, unless a new wait was recorded meanwhile (the remove only matches the value we read).
        _until.TryRemove(KeyValuePair.Create(connectionId, until));
        return null;
    }
}
