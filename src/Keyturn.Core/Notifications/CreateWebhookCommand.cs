namespace Keyturn.Core.Notifications;

/// <summary>A subscription to make, as the API read and checked it (the URL already passed the outbound allow-list).</summary>
public sealed record CreateWebhookCommand(
    Guid ProjectId, Uri Url, IReadOnlyList<string> Events, IReadOnlyList<int> UpcomingDaysBefore, string Format, string? Description);

/// <summary>A new subscription with its signing secret: the only time the secret is shown.</summary>
public sealed record CreatedWebhook(WebhookSubscription Subscription, string SigningSecret);

/// <summary>One page of a subscription's deliveries, newest first; <paramref name="Next"/> is where the next page starts, null at the end.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, WebhookDeliveryCursor? Next);
