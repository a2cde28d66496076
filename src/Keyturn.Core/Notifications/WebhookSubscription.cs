namespace Keyturn.Core.Notifications;

/// <summary>
/// A project's request to be told of rotation events at a URL. The signing secret is sealed (it must be opened again to
/// sign each delivery, so it cannot be hashed) and shown to the caller once, when the subscription is made. The URL is
/// sealed too: an incoming-webhook URL (Slack's, Teams', Discord's) carries its credential in the path, so only its
/// scheme and host are kept in the clear, for views.
/// </summary>
/// <param name="ShownUrl">The URL as views show it (<see cref="WebhookUrls.Shown"/>); the full one is in <paramref name="SealedUrl"/>.</param>
/// <param name="Events">The <see cref="RotationEventTypes"/> delivered, in the order given.</param>
/// <param name="UpcomingDaysBefore">For rotation.upcoming: the day counts before nextRotationAt a reminder is sent at.</param>
/// <param name="Format">One of <see cref="WebhookFormats"/>.</param>
public sealed record WebhookSubscription(
    Guid Id,
    Guid ProjectId,
    string ShownUrl,
    IReadOnlyList<string> Events,
    IReadOnlyList<int> UpcomingDaysBefore,
    string Format,
    string? Description,
    byte[] SealedSigningSecret,
    byte[] SealedUrl,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether this subscription wants <paramref name="rotationEvent"/>: its type, made before it happened, and for reminders the day count.</summary>
    public bool Wants(RotationEvent rotationEvent)
    {
        if (!Events.Contains(rotationEvent.Type, StringComparer.Ordinal) || CreatedAt > rotationEvent.At)
        {
            return false;
        }

        return rotationEvent.Type != RotationEventTypes.Upcoming
               || (rotationEvent.Details.TryGetValue("daysBefore", out var text) && int.TryParse(text, out var days) && UpcomingDaysBefore.Contains(days));
    }
}

/// <summary>How a delivery's body is written.</summary>
public static class WebhookFormats
{
    /// <summary>Keyturn's JSON payload (docs/notifications.md).</summary>
    public const string Json = "json";

    /// <summary>{"text": "…"} for a Slack (or compatible) incoming-webhook URL.</summary>
    public const string Slack = "slack";

    public static readonly IReadOnlyList<string> All = [Json, Slack];
}
