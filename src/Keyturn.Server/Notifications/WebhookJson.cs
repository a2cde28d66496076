using System.Globalization;
using Keyturn.Core.Notifications;

namespace Keyturn.Server.Notifications;

/// <summary>The API's views of subscriptions and deliveries. The signing secret appears only in the create answer.</summary>
public static class WebhookJson
{
    public static object Subscription(WebhookSubscription s, string? signingSecret = null) => signingSecret is null
        ? new { id = s.Id, projectId = s.ProjectId, url = s.ShownUrl, events = s.Events, upcomingDaysBefore = s.UpcomingDaysBefore, format = s.Format, description = s.Description, createdAt = s.CreatedAt }
        : new { id = s.Id, projectId = s.ProjectId, url = s.ShownUrl, events = s.Events, upcomingDaysBefore = s.UpcomingDaysBefore, format = s.Format, description = s.Description, createdAt = s.CreatedAt, signingSecret };

    public static object Delivery(WebhookDelivery d) => new
    {
        id = d.Id,
        @event = d.EventType,
        eventKey = d.EventKey,
        status = d.Status,
        attempts = d.Attempts,
        lastStatusCode = d.LastStatusCode,
        lastError = d.LastError,
        nextAttemptAt = d.Status == WebhookDeliveryStatuses.Pending ? d.NextAttemptAt : (DateTimeOffset?)null,
        createdAt = d.CreatedAt,
        deliveredAt = d.DeliveredAt,
    };

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
