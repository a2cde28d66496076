using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Notifications;
using Keyturn.Server.Notifications;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Notifications;

/// <summary>
/// Rotation events reaching a real HTTP receiver on 127.0.0.1: signed JSON (or Slack) bodies for succeeded and failed
/// rotations, retries with backoff when the receiver is down, and a rotation that never waits for the receiver.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static readonly string[] RotationEnds = [RotationEventTypes.Succeeded, RotationEventTypes.Failed];

    [Fact]
    public async Task Rotate_Succeeded_ReceiverGetsASignedDeliveryThatATamperedBodyFails()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var setup = await Scenario.CreateRotationAsync(server);
        var webhook = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, RotationEnds);
        var secret = webhook["signingSecret"]!.GetValue<string>();

        var rotated = await Scenario.RotateAsync(server, setup.RotationId);
        await Wait.UntilAsync(() => receiver.Received.Count == 1, "the succeeded delivery");

        var received = Assert.Single(receiver.Received);
        Assert.True(ReceivedWebhook.SignatureMatches(received.Body, received.Header("X-Keyturn-Signature"), secret));
        var tampered = received.Body.ToArray();
        tampered[^2] ^= 0x01;
        Assert.False(ReceivedWebhook.SignatureMatches(tampered, received.Header("X-Keyturn-Signature"), secret));
        Assert.False(ReceivedWebhook.SignatureMatches(received.Body, received.Header("X-Keyturn-Signature"), secret + "x"));
        Assert.StartsWith("application/json", received.ContentType);
        Assert.Equal(RotationEventTypes.Succeeded, received.Header("X-Keyturn-Event"));

        var payload = JsonNode.Parse(received.Text)!;
        Assert.Equal(received.Header("X-Keyturn-Delivery"), payload["id"]!.GetValue<string>());
        Assert.Equal(RotationEventTypes.Succeeded, payload["event"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(payload["time"]!.GetValue<string>(), out _));
        var rotation = payload["rotation"]!;
        Assert.Equal(setup.RotationId, rotation["id"]!.GetValue<string>());
        Assert.Equal("my-azure-rotation", rotation["name"]!.GetValue<string>());
        Assert.Equal("azure-client-secret", rotation["type"]!.GetValue<string>());
        Assert.Equal(setup.ProjectId, rotation["projectId"]!.GetValue<string>());
        Assert.Equal(("dev", "/", "success"), (rotation["environment"]!.GetValue<string>(), rotation["secretPath"]!.GetValue<string>(), rotation["status"]!.GetValue<string>()));
        Assert.Equal(DateTimeOffset.Parse(rotated["lastRotatedAt"]!.GetValue<string>()), DateTimeOffset.Parse(rotation["lastRotatedAt"]!.GetValue<string>()));
        Assert.Equal(DateTimeOffset.Parse(rotated["nextRotationAt"]!.GetValue<string>()), DateTimeOffset.Parse(rotation["nextRotationAt"]!.GetValue<string>()));
        Assert.Equal("manual", payload["details"]!["trigger"]!.GetValue<string>());
        Assert.True(Guid.TryParse(payload["details"]!["jobId"]!.GetValue<string>(), out _));
        foreach (var value in new[] { await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET"), secret })
        {
            Assert.DoesNotContain(value, received.Text);
        }

        await Wait.UntilAsync(async () => (await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhook["id"]!.GetValue<string>()))
            .Single()!["status"]!.GetValue<string>() == "succeeded", "the delivery recorded as succeeded");
        var delivery = (await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhook["id"]!.GetValue<string>())).Single()!;
        Assert.Equal((1, 204, $"job:{payload["details"]!["jobId"]!.GetValue<string>()}"),
            (delivery["attempts"]!.GetValue<int>(), delivery["lastStatusCode"]!.GetValue<int>(), delivery["eventKey"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rotate_FailedAtAzure_ReceiverGetsASignedFailedDeliveryWithTheMessage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var setup = await Scenario.CreateRotationAsync(server);
        var webhook = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, [RotationEventTypes.Failed]);
        server.Emulator.Control.InjectFault(new FaultRule("POST", $"{setup.App.ObjectId}/addPassword", 403, Times: 10,
            ErrorCode: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."));

        var rotated = await Scenario.RotateAsync(server, setup.RotationId);
        await Wait.UntilAsync(() => receiver.Received.Count == 1, "the failed delivery");

        Assert.Equal("failed", rotated["rotationStatus"]!.GetValue<string>());
        var received = Assert.Single(receiver.Received);
        Assert.True(ReceivedWebhook.SignatureMatches(received.Body, received.Header("X-Keyturn-Signature"), webhook["signingSecret"]!.GetValue<string>()));
        var payload = JsonNode.Parse(received.Text)!;
        Assert.Equal(RotationEventTypes.Failed, payload["event"]!.GetValue<string>());
        Assert.Equal("failed", payload["rotation"]!["status"]!.GetValue<string>());
        Assert.Equal(rotated["lastRotationMessage"]!.GetValue<string>(), payload["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_SlackFormat_PostsASignedReadableTextMessage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var setup = await Scenario.CreateRotationAsync(server);
        var webhook = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, RotationEnds, format: "slack");

        await Scenario.RotateAsync(server, setup.RotationId);
        await Wait.UntilAsync(() => receiver.Received.Count == 1, "the Slack delivery");

        var received = Assert.Single(receiver.Received);
        Assert.True(ReceivedWebhook.SignatureMatches(received.Body, received.Header("X-Keyturn-Signature"), webhook["signingSecret"]!.GetValue<string>()));
        var body = JsonNode.Parse(received.Text)!.AsObject();
        Assert.Equal(["text"], body.Select(p => p.Key));
        Assert.StartsWith("Keyturn: rotation my-azure-rotation (azure-client-secret, dev:/) rotated successfully.", body["text"]!.GetValue<string>());
        Assert.Contains("Next rotation: ", body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_ReceiverDown_RotationAnswersAtOnceAndTheDeliveryIsRetriedWithBackoff()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        // The longest request timeout: the test moves the clock in steps while a request is on its way, and a timeout
        // that ran out on the fake clock before the answer arrived (a loaded machine) would fail an attempt that did not.
        await using var server = await WebhookScenario.StartAsync(receiver, clock, o => o with { Webhooks = o.Webhooks with { RequestTimeout = TimeSpan.FromMinutes(1) } });
        var setup = await Scenario.CreateRotationAsync(server);
        var webhookId = (await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, RotationEnds))["id"]!.GetValue<string>();
        receiver.Hold();
        receiver.Down = true;

        // The receiver holds the first attempt open and the clock stands still: the rotation answers all the same.
        var rotated = await Scenario.RotateAsync(server, setup.RotationId);
        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Empty(receiver.Received);
        await Wait.UntilAsync(() => receiver.Arrived == 1, "the first attempt reaching the receiver");
        receiver.Release();
        await Wait.UntilAsync(async () => (await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId)).Single()!["attempts"]!.GetValue<int>() == 1,
            "the failed first attempt recorded");
        var first = (await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId)).Single()!;
        Assert.Equal(("pending", 503), (first["status"]!.GetValue<string>(), first["lastStatusCode"]!.GetValue<int>()));
        Assert.Contains("503", first["lastError"]!.GetValue<string>());
        Assert.Equal(clock.GetUtcNow().AddSeconds(30), DateTimeOffset.Parse(first["nextAttemptAt"]!.GetValue<string>()));

        // Not due before the backoff has passed; the second attempt (receiver still down) doubles the wait.
        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.Equal(1, receiver.Arrived);
        await clock.AdvanceUntilAsync(() => receiver.Arrived == 2, TimeSpan.FromSeconds(1), 5);
        await Wait.UntilAsync(async () => (await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId)).Single()!["attempts"]!.GetValue<int>() == 2,
            "the second attempt recorded");
        Assert.Equal(clock.GetUtcNow().AddSeconds(60), DateTimeOffset.Parse((await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId)).Single()!["nextAttemptAt"]!.GetValue<string>()));

        receiver.Down = false;
        await clock.AdvanceUntilAsync(() => receiver.Arrived == 3, TimeSpan.FromSeconds(5), 16);
        await Wait.UntilAsync(async () => (await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId)).Single()!["status"]!.GetValue<string>() == "succeeded",
            "the delivery succeeding once the receiver is back");
        var delivered = (await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId)).Single()!;
        Assert.Equal((3, 204), (delivered["attempts"]!.GetValue<int>(), delivered["lastStatusCode"]!.GetValue<int>()));
        Assert.Equal(3, receiver.Received.Select(r => r.Header("X-Keyturn-Delivery")).Count(id => id == delivered["id"]!.GetValue<string>()));
        Assert.Single(receiver.Received.Select(r => r.Text).Distinct());
    }

    [Fact]
    public async Task Publish_UpcomingAndExpiring_ReachOnlySubscriptionsThatAskedForThem()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver);
        var setup = await Scenario.CreateRotationAsync(server);
        var weekAhead = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url + "?week",
            [RotationEventTypes.Upcoming, RotationEventTypes.CredentialExpiring], days: [7]);
        var dayAhead = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url + "?day", [RotationEventTypes.Upcoming], days: [1]);
        var publisher = server.Host.Services.GetRequiredService<IRotationEventPublisher>();
        var rotationId = Guid.Parse(setup.RotationId);
        var now = DateTimeOffset.UtcNow;
        var reminders = server.Host.Services.GetRequiredService<IReminderSubscriptions>();

        await publisher.PublishAsync(new RotationEvent(RotationEventTypes.Upcoming, "upcoming:7", rotationId, null, now,
            new Dictionary<string, string> { ["daysBefore"] = "7" }), CancellationToken.None);
        await publisher.PublishAsync(new RotationEvent(RotationEventTypes.Upcoming, "upcoming:7", rotationId, null, now,
            new Dictionary<string, string> { ["daysBefore"] = "7" }), CancellationToken.None);
        await publisher.PublishAsync(new RotationEvent(RotationEventTypes.CredentialExpiring, "expiring:k1", rotationId, "Credential k1 expires first.", now,
            new Dictionary<string, string> { ["credentialId"] = "k1" }), CancellationToken.None);
        await Wait.UntilAsync(() => receiver.Received.Count == 2, "the upcoming and expiring deliveries");

        Assert.Equal([7, 1], (await reminders.UpcomingDaysBeforeByProjectAsync(CancellationToken.None))[Guid.Parse(setup.ProjectId)]);
        var secret = weekAhead["signingSecret"]!.GetValue<string>();
        Assert.All(receiver.Received, r => Assert.True(ReceivedWebhook.SignatureMatches(r.Body, r.Header("X-Keyturn-Signature"), secret)));
        Assert.Equal([RotationEventTypes.Upcoming, RotationEventTypes.CredentialExpiring],
            receiver.Received.Select(r => JsonNode.Parse(r.Text)!["event"]!.GetValue<string>()).Order().Reverse());
        Assert.Empty(await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, dayAhead["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Dispatcher_JobEndedButNeverPublished_SweepPublishesItOnce()
    {
        // The engine's publish is switched off, as if the server had stopped between a job's end and its publish.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver, clock, o => o with
        {
            AdditionalServices = s => s.AddSingleton<IRotationEventPublisher>(NoRotationEventPublisher.Instance),
        });
        var setup = await Scenario.CreateRotationAsync(server);
        // Subscribed after the create's job ended: only the rotation that follows is announced.
        clock.Advance(TimeSpan.FromSeconds(1));
        var webhookId = (await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, RotationEnds))["id"]!.GetValue<string>();

        await Scenario.RotateAsync(server, setup.RotationId);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.Empty(await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId));

        await clock.AdvanceUntilAsync(() => receiver.Received.Count == 1, new WebhookOptions().RepublishInterval, 3);
        clock.Advance(new WebhookOptions().RepublishInterval);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);

        Assert.Single(receiver.Received);
        Assert.Equal(RotationEventTypes.Succeeded, JsonNode.Parse(receiver.Received[0].Text)!["event"]!.GetValue<string>());
        Assert.Single(await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhookId));
    }
}
