using System.Net.Http.Headers;
using System.Text;
using Keyturn.Core.Crypto;
using Keyturn.Core.Notifications;
using Keyturn.Core.Storage;
using Keyturn.Core.Telemetry;
using Keyturn.Providers.RestApi;

namespace Keyturn.Server.Notifications;

/// <summary>
/// Sends one claimed delivery through the REST rotator's <see cref="OutboundHttp"/> (allow-list checked again at connect,
/// since DNS may have changed; no redirects, no proxy) and decides what follows: done on 2xx, otherwise a retry after an
/// exponential, jittered wait, or failed once the delivery is older than <see cref="WebhookOptions.GiveUpAfter"/>.
/// </summary>
public sealed class WebhookSender(
    IWebhookStore store, EnvelopeCipher cipher, OutboundHttp http, WebhookOptions options, TimeProvider timeProvider, KeyturnMetrics? metrics = null)
{
    public const string EventHeader = "X-Keyturn-Event";
    public const string DeliveryHeader = "X-Keyturn-Delivery";

    public async Task<WebhookDeliveryOutcome?> SendAsync(WebhookDelivery delivery, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        // Deleted since the claim: its deliveries went with it.
        if (await store.GetWebhookAsync(delivery.SubscriptionId, cancellationToken) is not { } subscription)
        {
            return null;
        }

        var (statusCode, error) = await PostAsync(subscription, delivery, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        if (error is null)
        {
            metrics?.WebhookDelivered(delivery.EventType, WebhookDeliveryStatuses.Succeeded);
            return new WebhookDeliveryOutcome(delivery.Id, owner, WebhookDeliveryStatuses.Succeeded, attempts, delivery.NextAttemptAt, statusCode, null, now);
        }

        var next = now + RetryDelay(attempts);
        var status = next > delivery.CreatedAt + options.GiveUpAfter ? WebhookDeliveryStatuses.Failed : WebhookDeliveryStatuses.Pending;
        // "retrying" rather than the stored "pending": on a graph the word says what happened to this attempt.
        metrics?.WebhookDelivered(delivery.EventType, status == WebhookDeliveryStatuses.Failed ? status : "retrying");
        return new WebhookDeliveryOutcome(delivery.Id, owner, status, attempts, next, statusCode, error, null);
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: first delay doubled each time, capped, shortened by jitter.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var nominal = options.FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = nominal > options.MaxRetryDelay ? options.MaxRetryDelay : nominal;
        return capped * (1 - (options.RetryJitter * options.JitterSource()));
    }

    /// <summary>The status code (null when no answer came) and, unless the receiver accepted, why not. Error texts name no URL path or secret.</summary>
    private async Task<(int? StatusCode, string? Error)> PostAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var secret = await cipher.OpenAsync(subscription.ProjectId, subscription.SealedSigningSecret, SealContext.WebhookSigningSecret(subscription.Id), cancellationToken);
        var url = await cipher.OpenAsync(subscription.ProjectId, subscription.SealedUrl, SealContext.WebhookUrl(subscription.Id), cancellationToken);
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(secret, body));
        request.Headers.Add(EventHeader, delivery.EventType);
        request.Headers.Add(DeliveryHeader, delivery.Id.ToString());
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Keyturn-Webhook", "1.0"));
        using var timeout = new CancellationTokenSource(options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (code, null) : (code, $"the receiver answered {code} {response.ReasonPhrase}".TrimEnd());
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            return (null, $"refused by the outbound allow-list: {refused.Message}");
        }
        catch (HttpRequestException e)
        {
            return (null, $"no answer: {e.HttpRequestError} ({e.Message})");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {options.RequestTimeout.TotalSeconds:0} s");
        }
    }
}
