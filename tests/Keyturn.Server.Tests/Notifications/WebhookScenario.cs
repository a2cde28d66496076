using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Server.Hosting;
using Keyturn.Server.Notifications;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Notifications;

/// <summary>A server allowed to reach the test's receiver, and subscriptions made through the API.</summary>
internal static class WebhookScenario
{
    public static string WebhooksPath(string projectId) => $"/api/v1/projects/{projectId}/webhooks";

    public static Task<TestServer> StartAsync(WebhookReceiver receiver, TimeProvider? timeProvider = null,
        Func<KeyturnServerOptions, KeyturnServerOptions>? configure = null) =>
        TestServer.StartAsync(timeProvider: timeProvider, configure: o => (configure ?? (x => x))(o with
        {
            OutboundAllow = [$"127.0.0.1:{receiver.Port}"],
            Webhooks = new WebhookOptions { PollInterval = TimeSpan.FromMilliseconds(100), JitterSource = () => 0 },
        }));

    /// <summary>Subscribes <paramref name="url"/> and returns the create answer's webhook (with its signing secret).</summary>
    public static async Task<JsonNode> SubscribeAsync(TestServer server, string projectId, string url, string[] events, string format = "json", int[]? days = null)
    {
        var body = new Dictionary<string, object> { ["url"] = url, ["events"] = events, ["format"] = format };
        if (days is not null)
        {
            body["upcomingDaysBefore"] = days;
        }

        return (await server.Api.PostAsync(WebhooksPath(projectId), body)).ShouldBe(HttpStatusCode.OK).Body["webhook"]!;
    }

    public static async Task<JsonArray> DeliveriesAsync(TestServer server, string projectId, string webhookId) =>
        (await server.Api.GetAsync($"{WebhooksPath(projectId)}/{webhookId}/deliveries")).ShouldBe(HttpStatusCode.OK).Body["deliveries"]!.AsArray();
}
