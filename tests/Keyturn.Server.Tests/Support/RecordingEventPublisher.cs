using Keyturn.Core.Notifications;

namespace Keyturn.Server.Tests.Support;

/// <summary>
/// The publisher's promise kept in memory: each key is recorded once, however often it is published, so a test sees
/// what receivers would be sent. Stands in for the webhook outbox where a test looks at what producers decide, not at delivery.
/// </summary>
public sealed class RecordingEventPublisher : IRotationEventPublisher
{
    private readonly Lock _gate = new();
    private readonly List<RotationEvent> _recorded = [];
    private readonly HashSet<string> _keys = [];

    public Task PublishAsync(RotationEvent rotationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotationEvent);
        lock (_gate)
        {
            if (_keys.Add(rotationEvent.Key))
            {
                _recorded.Add(rotationEvent);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The events recorded so far of <paramref name="type"/> about <paramref name="rotationId"/>, in publish order.</summary>
    public IReadOnlyList<RotationEvent> Of(string type, string rotationId)
    {
        lock (_gate)
        {
            return [.. _recorded.Where(e => e.Type == type && e.RotationId == Guid.Parse(rotationId))];
        }
    }

    /// <summary>The events recorded so far of <paramref name="type"/>, in publish order.</summary>
    public IReadOnlyList<RotationEvent> OfType(string type)
    {
        lock (_gate)
        {
            return [.. _recorded.Where(e => e.Type == type)];
        }
    }
}
