using Azure.Core;

namespace Keyturn.Providers.Azure;

/// <summary>
/// Retries for ARM calls: Azure.Core's policy retries 408/429/500/502/503/504 with exponential backoff and jitter and
/// honours Retry-After; 403 and 404 are answers, not faults. Content logging off: listKeys answers carry the keys.
/// </summary>
internal sealed class ArmClientOptions : ClientOptions
{
    public ArmClientOptions(global::Azure.Core.Pipeline.HttpPipelineTransport transport)
    {
        Transport = transport;
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromMilliseconds(800);
        Retry.MaxDelay = TimeSpan.FromSeconds(60);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
