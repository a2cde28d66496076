namespace Keyturn.Core.Notifications;

/// <summary>
/// One event for one subscription, sent until the receiver answers 2xx or a day has passed. The body is stored as it
/// will be sent (and signed), so every retry sends the same bytes; it never holds a secret.
/// </summary>
/// <param name="EventKey">The event's key: (subscription, key) is unique, so publishing an event twice delivers it once.</param>
/// <param name="Status">One of <see cref="WebhookDeliveryStatuses"/>.</param>
/// <param name="LastError">Why the last attempt failed (status line, timeout, refused connection); never a secret.</param>
public sealed record WebhookDelivery(
    Guid Id,
    Guid SubscriptionId,
    string EventType,
    string EventKey,
    string Body,
    string Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);

public static class WebhookDeliveryStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>What one attempt to send a claimed delivery ended in; written only while the sender still holds the claim.</summary>
/// <param name="NextAttemptAt">When to try again (status pending), or unchanged when it ended.</param>
public sealed record WebhookDeliveryOutcome(
    Guid DeliveryId,
    string LeaseOwner,
    string Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    int? StatusCode,
    string? Error,
    DateTimeOffset? DeliveredAt);

/// <summary>A page position in a subscription's deliveries (newest first): the last row of the previous page.</summary>
public sealed record WebhookDeliveryCursor(DateTimeOffset CreatedAt, Guid Id);
