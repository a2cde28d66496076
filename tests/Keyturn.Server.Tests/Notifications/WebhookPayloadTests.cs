using System.Text.Json.Nodes;
using Keyturn.Core.Notifications;
using Keyturn.Server.Notifications;

namespace Keyturn.Server.Tests.Notifications;

public sealed class WebhookPayloadTests
{
    private static readonly RotationSnapshot Rotation = new(Guid.NewGuid(), "billing", "azure-client-secret", Guid.NewGuid(), "prod", "/api", "failed",
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 3, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Body_Json_CarriesDeliveryIdEventRotationAndDetails()
    {
        var id = Guid.NewGuid();
        var body = JsonNode.Parse(WebhookPayload.Body(WebhookFormats.Json, id, Event(RotationEventTypes.Failed, "The app was not found."), Rotation))!;

        Assert.Equal(id.ToString(), body["id"]!.GetValue<string>());
        Assert.Equal(["id", "event", "time", "rotation", "message", "details"], body.AsObject().Select(p => p.Key));
        Assert.Equal(("prod", "/api", "The app was not found."),
            (body["rotation"]!["environment"]!.GetValue<string>(), body["rotation"]!["secretPath"]!.GetValue<string>(), body["message"]!.GetValue<string>()));
        Assert.Equal("5", body["details"]!["daysBefore"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(RotationEventTypes.Failed, "Keyturn: rotation billing (azure-client-secret, prod:/api) failed to rotate. Boom. Next rotation: 2026-12-01 03:30 UTC.")]
    [InlineData(RotationEventTypes.Upcoming, "Keyturn: rotation billing (azure-client-secret, prod:/api) rotates in 5 day(s). Boom. Next rotation: 2026-12-01 03:30 UTC.")]
    public void SlackText_OneReadableLine(string type, string expected) =>
        Assert.Equal(expected, WebhookPayload.SlackText(Event(type, "Boom."), Rotation));

    private static RotationEvent Event(string type, string? message) =>
        new(type, "k", Rotation.Id, message, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["daysBefore"] = "5" });
}
