using Keyturn.Core.Notifications;

namespace Keyturn.Core.Tests.Notifications;

public sealed class WebhookUrlsTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T0/B0/XYZ", "https://hooks.slack.com/\u2026")]
    [InlineData("https://hooks.example.com/?token=abc", "https://hooks.example.com/\u2026")]
    [InlineData("https://user:pass@hooks.example.com:8443/", "https://hooks.example.com:8443/")]
    [InlineData("http://127.0.0.1:9000", "http://127.0.0.1:9000/")]
    public void Shown_KeepsSchemeAndHostOnly(string url, string shown) => Assert.Equal(shown, WebhookUrls.Shown(new Uri(url)));
}
