using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Keyturn.Core.Notifications;
using Keyturn.Core.Rotation;
using Keyturn.Server.Notifications;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Notifications;

/// <summary>
/// The events no request triggers, end to end: the reminder scan (rotation.upcoming, credential.expiring) and the daily
/// reconcile (rotation.drift) publish through the real webhook outbox, and the dispatcher delivers them signed to a real
/// receiver on 127.0.0.1. Only the clock is fake.
/// </summary>
public sealed class ScheduledEventDeliveryTests
{
    // Far enough ahead that secrets the test's rotations issue are still valid for the emulator's real clock.
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task ReminderScan_SevenDaysBefore_ReceiverGetsOneSignedUpcomingDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver, _clock);
        var setup = await Scenario.CreateRotationAsync(server);
        var webhook = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, [RotationEventTypes.Upcoming], days: [7, 1]);
        var next = NextRotationAt(setup.Rotation);
        var loop = server.Host.Services.GetRequiredService<ReminderLoop>();

        _clock.SetUtcNow(next.AddDays(-7));
        await loop.RunOnceAsync(CancellationToken.None);
        await loop.RunOnceAsync(CancellationToken.None);
        await Wait.UntilAsync(() => receiver.Received.Count == 1, "the upcoming delivery");

        var received = Assert.Single(receiver.Received);
        Assert.True(ReceivedWebhook.SignatureMatches(received.Body, received.Header("X-Keyturn-Signature"), webhook["signingSecret"]!.GetValue<string>()));
        Assert.Equal(RotationEventTypes.Upcoming, received.Header("X-Keyturn-Event"));
        var payload = JsonNode.Parse(received.Text)!;
        Assert.Equal(setup.RotationId, payload["rotation"]!["id"]!.GetValue<string>());
        Assert.Equal(next, DateTimeOffset.Parse(payload["rotation"]!["nextRotationAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal("7", payload["details"]!["daysBefore"]!.GetValue<string>());
        Assert.Single(await WebhookScenario.DeliveriesAsync(server, setup.ProjectId, webhook["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ReminderScan_ActiveSecretOutlivedByTheSchedule_ReceiverGetsASignedExpiringDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver, _clock);
        var setup = await Scenario.CreateRotationAsync(server);
        var webhook = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, [RotationEventTypes.CredentialExpiring]);
        // Issued for two 30-day periods plus grace; a 90-day interval replaces it only long after it has stopped working.
        (await server.Api.PatchAsync($"{Scenario.RotationsPath}/{setup.RotationId}", new { rotationInterval = 90 })).ShouldBe(HttpStatusCode.OK);
        var issued = Assert.Single(Scenario.KeyturnMade(server, setup.App));
        var loop = server.Host.Services.GetRequiredService<ReminderLoop>();

        _clock.SetUtcNow(issued.EndDateTime!.Value.AddDays(-7));
        await loop.RunOnceAsync(CancellationToken.None);
        await Wait.UntilAsync(() => receiver.Received.Count == 1, "the expiring delivery");

        var received = Assert.Single(receiver.Received);
        Assert.True(ReceivedWebhook.SignatureMatches(received.Body, received.Header("X-Keyturn-Signature"), webhook["signingSecret"]!.GetValue<string>()));
        var payload = JsonNode.Parse(received.Text)!;
        Assert.Equal(RotationEventTypes.CredentialExpiring, payload["event"]!.GetValue<string>());
        Assert.Equal(issued.KeyId.ToString(), payload["details"]!["credentialId"]!.GetValue<string>());
        Assert.Equal(issued.EndDateTime!.Value, DateTimeOffset.Parse(payload["details"]!["expiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.DoesNotContain(await Scenario.SecretValueAsync(server, setup.ProjectId, "AZURE_CLIENT_SECRET"), received.Text);
    }

    [Fact]
    public async Task DailyReconcile_OrphanAtTheTarget_ReceiverGetsASignedDriftDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await WebhookScenario.StartAsync(receiver, _clock, o => o with { ReconcileDaily = true });
        var setup = await Scenario.CreateRotationAsync(server);
        var webhook = await WebhookScenario.SubscribeAsync(server, setup.ProjectId, receiver.Url, [RotationEventTypes.DriftDetected]);
        var orphanLabel = RotationEngine.Label(Guid.Parse(setup.RotationId), Guid.NewGuid());
        server.Emulator.Control.AddPassword(setup.App.ObjectId, orphanLabel);

        // The pass runs at 03:00 UTC.
        _clock.Advance(TimeSpan.FromHours(1));
        await Wait.UntilAsync(() => receiver.Received.Count == 1, "the drift delivery");

        var received = Assert.Single(receiver.Received);
        Assert.True(ReceivedWebhook.SignatureMatches(received.Body, received.Header("X-Keyturn-Signature"), webhook["signingSecret"]!.GetValue<string>()));
        var payload = JsonNode.Parse(received.Text)!;
        Assert.Equal(RotationEventTypes.DriftDetected, payload["event"]!.GetValue<string>());
        Assert.Equal("1", payload["details"]!["orphan"]!.GetValue<string>());
        Assert.Equal("1", payload["details"]!["revoked"]!.GetValue<string>());
        Assert.DoesNotContain(server.Emulator.Control.ListPasswords(setup.App.ObjectId), p => p.DisplayName == orphanLabel);
    }

    private static DateTimeOffset NextRotationAt(JsonNode rotation) =>
        DateTimeOffset.Parse(rotation["nextRotationAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
