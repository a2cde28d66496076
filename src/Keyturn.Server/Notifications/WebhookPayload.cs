using System.Globalization;
using System.Text.Json;
using Keyturn.Core.Notifications;

namespace Keyturn.Server.Notifications;

/// <summary>
/// The bytes a delivery sends: Keyturn's JSON (docs/notifications.md), or Slack's {"text": …}. The JSON carries the
/// delivery's own id and time, so a receiver can reject a replayed body; neither format ever carries a secret.
/// </summary>
public static class WebhookPayload
{
    public static string Body(string format, Guid deliveryId, RotationEvent rotationEvent, RotationSnapshot rotation) =>
        format == WebhookFormats.Slack
            ? JsonSerializer.Serialize(new { text = SlackText(rotationEvent, rotation) })
            : JsonSerializer.Serialize(new
            {
                id = deliveryId,
                @event = rotationEvent.Type,
                time = rotationEvent.At,
                rotation = new
                {
                    id = rotation.Id,
                    name = rotation.Name,
                    type = rotation.Type,
                    projectId = rotation.ProjectId,
                    environment = rotation.Environment,
                    secretPath = rotation.SecretPath,
                    status = rotation.Status,
                    lastRotatedAt = rotation.LastRotatedAt,
                    nextRotationAt = rotation.NextRotationAt,
                },
                message = rotationEvent.Message,
                details = rotationEvent.Details,
            });

    /// <summary>One line a person reads in a channel: what happened to which rotation, where, and what comes next.</summary>
    public static string SlackText(RotationEvent rotationEvent, RotationSnapshot rotation)
    {
        var what = rotationEvent.Type switch
        {
            RotationEventTypes.Succeeded => "rotated successfully",
            RotationEventTypes.Failed => "failed to rotate",
            RotationEventTypes.Upcoming => $"rotates in {rotationEvent.Details.GetValueOrDefault("daysBefore", "?")} day(s)",
            RotationEventTypes.CredentialExpiring => "has a credential that expires before its next rotation",
            RotationEventTypes.DriftDetected => "differs from what is at its target",
            _ => rotationEvent.Type,
        };
        var next = rotation.NextRotationAt is { } at ? $" Next rotation: {at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}." : "";
        var message = string.IsNullOrWhiteSpace(rotationEvent.Message) ? "" : $" {rotationEvent.Message}";
        return $"Keyturn: rotation {rotation.Name} ({rotation.Type}, {rotation.Environment}:{rotation.SecretPath}) {what}.{message}{next}";
    }
}
