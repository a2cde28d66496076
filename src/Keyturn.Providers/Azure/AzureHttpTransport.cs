using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;

namespace Keyturn.Providers.Azure;

/// <summary>
/// The one HTTP client every Azure call goes through. Trust comes from the operating system's store (so
/// SSL_CERT_FILE works); extra roots (an emulator's CA for in-process use) are added to that store, never used to
/// switch validation off.
/// </summary>
public sealed class AzureHttpTransport : IDisposable
{
    private readonly HttpClient _client;

    public AzureHttpTransport(X509Certificate2Collection? extraTrustedRoots = null)
    {
        // No ActivityHeadersPropagator: called inside an API request (which carries an Activity), the handler chain
        // built a child Activity and wrote trace headers for every Entra and Graph call, a share of what a rotation
        // through the API cost over the same calls made directly (docs/benchmarks.md, rotation section).
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ActivityHeadersPropagator = null };
        if (extraTrustedRoots is { Count: > 0 })
        {
            // NoCheck matches SslStream's default without a custom policy: private CAs publish no revocation list.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            using (var system = new X509Store(StoreName.Root, StoreLocation.LocalMachine))
            {
                system.Open(OpenFlags.ReadOnly);
                policy.CustomTrustStore.AddRange(system.Certificates);
            }

            policy.CustomTrustStore.AddRange(extraTrustedRoots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        _client = new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(100) };
    }

    public HttpPipelineTransport Transport => new HttpClientTransport(_client);

    public void Dispose() => _client.Dispose();
}
