using Keyturn.Core.Notifications;

namespace Keyturn.Core.Tests.Notifications;

public sealed class WebhookSubscriptionTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly WebhookSubscription Subscription = new(Guid.NewGuid(), Guid.NewGuid(), "https://hooks.example.com/…",
        [RotationEventTypes.Failed, RotationEventTypes.Upcoming], [7, 1], WebhookFormats.Json, null, [1], [2], Created);

    [Theory]
    [InlineData(RotationEventTypes.Failed, null, 1, true)]
    [InlineData(RotationEventTypes.Succeeded, null, 1, false)]
    [InlineData(RotationEventTypes.Failed, null, -1, false)]
    [InlineData(RotationEventTypes.Upcoming, "7", 1, true)]
    [InlineData(RotationEventTypes.Upcoming, "1", 1, true)]
    [InlineData(RotationEventTypes.Upcoming, "3", 1, false)]
    [InlineData(RotationEventTypes.Upcoming, null, 1, false)]
    public void Wants_TypeTimeAndDayCount_DecideTogether(string type, string? daysBefore, int secondsAfterCreate, bool wanted)
    {
        var details = daysBefore is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["daysBefore"] = daysBefore };
        var rotationEvent = new RotationEvent(type, "key", Guid.NewGuid(), null, Created.AddSeconds(secondsAfterCreate), details);

        Assert.Equal(wanted, Subscription.Wants(rotationEvent));
    }
}
