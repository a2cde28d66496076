using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Keyturn.Providers.RestApi;

/// <summary>
/// The HTTP client of the REST rotator. Its connect step checks the destination against the allow-list by name and, after
/// DNS resolution, by address, and connects only to an address it checked (so DNS cannot answer differently between
/// check and use). Redirects are not followed, no proxy is used (it would connect on the rotator's behalf), and TLS
/// validation is always on: --extra-ca-file roots are added to the system's, never used to switch validation off.
/// </summary>
public sealed class OutboundHttp : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public OutboundHttp(OutboundAllowList allowList, X509Certificate2Collection? extraTrustedRoots)
    {
        AllowList = allowList;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ActivityHeadersPropagator = null,
            ConnectCallback = ConnectAsync,
        };
        if (extraTrustedRoots is { Count: > 0 })
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            using (var system = new X509Store(StoreName.Root, StoreLocation.LocalMachine))
            {
                system.Open(OpenFlags.ReadOnly);
                policy.CustomTrustStore.AddRange(system.Certificates);
            }

            policy.CustomTrustStore.AddRange(extraTrustedRoots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        Client = new HttpClient(handler, disposeHandler: true) { Timeout = RequestTimeout };
    }

    public OutboundAllowList AllowList { get; }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        if (!AllowList.Allows(host, port))
        {
            throw new OutboundRefusedException($"{host}:{port} is not on the server's outbound allow-list (--outbound-allow).");
        }

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = addresses.Where(AllowList.AllowsAddress).ToArray();
        if (permitted.Length == 0)
        {
            throw new OutboundRefusedException(
                $"{host} resolved to {string.Join(", ", addresses.Select(a => a.ToString()))}: not public, and not listed in --outbound-allow by address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
