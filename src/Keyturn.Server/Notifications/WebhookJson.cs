using System.Globalization;
using System.Text.Json.Serialization;
using Keyturn.Core.Notifications;

namespace Keyturn.Server.Notifications;

/// <summary>The API's views of subscriptions and deliveries. The signing secret appears only in the create answer.</summary>
public static class WebhookJson
{
    public static WebhookSubscriptionJson Subscription(WebhookSubscription s, string? signingSecret = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.ProjectId, s.ShownUrl, s.Events, s.UpcomingDaysBefore, s.Format, s.Description, s.CreatedAt) { SigningSecret = signingSecret };
    }

    public static WebhookDeliveryJson Delivery(WebhookDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.EventType, d.EventKey, d.Status, d.Attempts, d.LastStatusCode, d.LastError,
            d.Status == WebhookDeliveryStatuses.Pending ? d.NextAttemptAt : null, d.CreatedAt, d.DeliveredAt);
    }

    /// <summary>An opaque page token: the last row's creation time and id.</summary>
    public static string Cursor(WebhookDeliveryCursor cursor) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{cursor.CreatedAt.ToUnixTimeMilliseconds()}:{cursor.Id:N}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static WebhookDeliveryCursor? ParseCursor(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && Guid.TryParseExact(parts[1], "N", out var id)
                ? new WebhookDeliveryCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <param name="Url">The URL as shown: its scheme and host only (an incoming-webhook URL carries its credential).</param>
public sealed record WebhookSubscriptionJson(
    Guid Id, Guid ProjectId, string Url, IReadOnlyList<string> Events, IReadOnlyList<int> UpcomingDaysBefore, string Format, string? Description, DateTimeOffset CreatedAt)
{
    /// <summary>The key that signs each delivery: in the create answer only, absent everywhere else.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SigningSecret { get; init; }
}

/// <param name="NextAttemptAt">When the next try is due; null once the delivery succeeded or gave up.</param>
public sealed record WebhookDeliveryJson(
    Guid Id, string Event, string EventKey, string Status, int Attempts, int? LastStatusCode, string? LastError, DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>`{ "webhook": {...} }`.</summary>
public sealed record WebhookEnvelope(WebhookSubscriptionJson Webhook);

/// <summary>`{ "webhooks": [...] }`.</summary>
public sealed record WebhookListEnvelope(IReadOnlyList<WebhookSubscriptionJson> Webhooks);

/// <param name="NextCursor">Pass as ?cursor= for the next page; null on the last page.</param>
public sealed record WebhookDeliveryPageJson(IReadOnlyList<WebhookDeliveryJson> Deliveries, string? NextCursor);
