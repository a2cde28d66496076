namespace Keyturn.Core.Notifications;

/// <summary>How a subscription's URL is shown: scheme and host (and port) only, since its path may be a credential.</summary>
public static class WebhookUrls
{
    /// <summary><c>https://hooks.slack.com/…</c> for a URL with a path or query, <c>https://host/</c> for one without; never user info.</summary>
    public static string Shown(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = $"{url.Scheme}://{url.Authority}/";
        return url.PathAndQuery is "" or "/" ? origin : origin + "…";
    }
}
