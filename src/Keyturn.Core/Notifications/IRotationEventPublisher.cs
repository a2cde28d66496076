namespace Keyturn.Core.Notifications;

/// <summary>
/// Records a rotation event for delivery. Must be cheap and must not wait for any receiver: delivery happens later, in
/// the background, so a receiver that is down never slows a rotation.
/// </summary>
public interface IRotationEventPublisher
{
    Task PublishAsync(RotationEvent rotationEvent, CancellationToken cancellationToken);
}

/// <summary>Used where nothing subscribes (Core tests, tools): events go nowhere.</summary>
public sealed class NoRotationEventPublisher : IRotationEventPublisher
{
    public static readonly NoRotationEventPublisher Instance = new();

    public Task PublishAsync(RotationEvent rotationEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
