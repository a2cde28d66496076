using Keyturn.Server.Notifications;

namespace Keyturn.Server.Tests.Notifications;

public sealed class WebhookSenderTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(40, 3600)]
    public void RetryDelay_NoJitter_DoublesFromThirtySecondsCappedAtAnHour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Sender(new WebhookOptions { JitterSource = () => 0 }).RetryDelay(attempts));

    [Fact]
    public void RetryDelay_FullJitter_ShortensByTheJitterFractionNeverLengthens() =>
        Assert.Equal(TimeSpan.FromSeconds(24), Sender(new WebhookOptions { JitterSource = () => 1, RetryJitter = 0.2 }).RetryDelay(1));

    // RetryDelay reads only the options: the other parts are never touched.
    private static WebhookSender Sender(WebhookOptions options) => new(null!, null!, null!, options, TimeProvider.System);
}
