using System.Text.Json;
using Keyturn.Core.Notifications;
using Keyturn.Core.Results;
using Keyturn.Core.Validation;
using Keyturn.Providers.RestApi;

namespace Keyturn.Server.Notifications;

/// <summary>Reads and checks the body of POST /api/v1/projects/{projectId}/webhooks into a <see cref="CreateWebhookCommand"/>.</summary>
public static class WebhookRequest
{
    public const int MaxUpcomingDays = 10;
    private static readonly string[] Fields = ["url", "events", "upcomingDaysBefore", "format", "description"];

    // The issue's example, and what most reminder tools default to: a week ahead and the day before.
    private static readonly int[] DefaultUpcomingDays = [7, 1];

    public static CreateWebhookCommand? Parse(JsonElement body, Guid projectId, OutboundAllowList allowList, ValidationErrors errors)
    {
        Json.RejectUnknown(body, Fields, errors);
        var url = ParseUrl(Json.OptionalString(body, "url", errors), allowList, errors);
        var events = ParseEvents(body, errors);
        var days = ParseDays(body, errors);
        var format = Json.OptionalString(body, "format", errors) ?? WebhookFormats.Json;
        if (!WebhookFormats.All.Contains(format))
        {
            errors.Add("format", $"must be one of {string.Join(", ", WebhookFormats.All)}");
        }

        var description = Json.OptionalString(body, "description", errors);
        if (description is { Length: > 256 })
        {
            errors.Add("description", "must be at most 256 characters");
        }

        var upcoming = events?.Contains(RotationEventTypes.Upcoming) == true;
        if (days is { Count: > 0 } && events is not null && !upcoming)
        {
            errors.Add("upcomingDaysBefore", $"applies only to {RotationEventTypes.Upcoming}: add it to events or leave this out");
        }

        return errors.IsEmpty
            ? new CreateWebhookCommand(projectId, url!, events!, upcoming ? (IReadOnlyList<int>?)days ?? DefaultUpcomingDays : [], format, description)
            : null;
    }

    private static Uri? ParseUrl(string? text, OutboundAllowList allowList, ValidationErrors errors)
    {
        if (text is null)
        {
            errors.Add("url", "is required: an absolute http(s) URL on the server's outbound allow-list");
            return null;
        }

        if (text.Length > 2048 || !Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            errors.Add("url", "must be an absolute http or https URL of at most 2048 characters, without user info or fragment");
            return null;
        }

        if (!allowList.Allows(url.IdnHost, url.Port))
        {
            errors.Add("url", $"must name a host on the server's outbound allow-list (--outbound-allow): {url.IdnHost}:{url.Port} is not on it " +
                              (allowList.Entries.Count == 0 ? "(the list is empty)" : $"(allowed: {string.Join(", ", allowList.Entries)})"));
            return null;
        }

        return url;
    }

    private static List<string>? ParseEvents(JsonElement body, ValidationErrors errors)
    {
        const string Rule = "must be a non-empty array of distinct event names";
        if (!Json.TryGet(body, "events", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add("events", $"{Rule} ({string.Join(", ", RotationEventTypes.All)})");
            return null;
        }

        var events = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (name is null || !RotationEventTypes.All.Contains(name))
            {
                errors.Add($"events[{index}]", $"{(name is null ? "must be a string" : $"'{name}' is not an event")}: one of {string.Join(", ", RotationEventTypes.All)}");
            }
            else if (events.Contains(name))
            {
                errors.Add($"events[{index}]", $"'{name}' is listed twice");
            }
            else
            {
                events.Add(name);
            }

            index++;
        }

        return events;
    }

    private static List<int>? ParseDays(JsonElement body, ValidationErrors errors)
    {
        const string Rule = $"must be an array of at most 10 distinct whole numbers of days from 1 to 365";
        if (!Json.TryGet(body, "upcomingDaysBefore", out var array))
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > MaxUpcomingDays)
        {
            errors.Add("upcomingDaysBefore", Rule);
            return null;
        }

        var days = new List<int>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var day) || day is < 1 or > 365 || days.Contains(day))
            {
                errors.Add("upcomingDaysBefore", Rule);
                return null;
            }

            days.Add(day);
        }

        return days;
    }
}
