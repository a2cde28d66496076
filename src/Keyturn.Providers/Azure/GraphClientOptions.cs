using Azure.Core;

namespace Keyturn.Providers.Azure;

/// <summary>
/// Retries for Graph calls: Azure.Core's policy retries 408/429/500/502/503/504 with exponential backoff and
/// jitter, and waits what Retry-After says. 403 and 400 (size limits, policy refusals) are not retried.
/// </summary>
internal sealed class GraphClientOptions : ClientOptions
{
    public GraphClientOptions(global::Azure.Core.Pipeline.HttpPipelineTransport transport)
    {
        Transport = transport;
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(800);
        Retry.MaxDelay = TimeSpan.FromSeconds(60);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        Diagnostics.IsLoggingContentEnabled = false; // addPassword's answer carries the secret text
    }
}
