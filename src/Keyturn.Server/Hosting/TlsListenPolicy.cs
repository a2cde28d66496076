using System.Net;

namespace Keyturn.Server.Hosting;

/// <summary>
/// Which URLs the server may listen on: plain http only on loopback (tokens and secret values would otherwise cross
/// the network in the clear) unless the operator says a proxy in front terminates TLS (--insecure-http); https only
/// with a certificate; a certificate only with an https URL to serve it on.
/// </summary>
public static class TlsListenPolicy
{
    /// <exception cref="ArgumentException">One line naming the URL and the ways out.</exception>
    public static void Check(IReadOnlyList<string> urls, bool hasCertificate, bool insecureHttp)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"--urls: '{url}' is not a URL to listen on (like http://127.0.0.1:8200 or https://0.0.0.0:8200).");
            }

            var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
            if (https && !hasCertificate)
            {
                throw new ArgumentException($"--urls: {url} is https, but no certificate was given: add --tls-cert FILE --tls-key FILE (PEM).");
            }

            if (!https && !insecureHttp && !IsLocal(address))
            {
                throw new ArgumentException(
                    $"Refusing to serve plain http on {url}, which is not a loopback address: API tokens and secrets would cross the network unencrypted. " +
                    "Serve https with --tls-cert FILE --tls-key FILE (and an https:// URL), or pass --insecure-http if a proxy in front of Keyturn terminates TLS.");
            }
        }

        if (hasCertificate && !urls.Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"--tls-cert and --tls-key are given, but no --urls entry is https:// ({string.Join(';', urls)}): the certificate would serve nothing.");
        }
    }

    /// <summary>Loopback addresses, "localhost" (Kestrel binds it to loopback only) and Unix sockets never leave the machine.</summary>
    private static bool IsLocal(BindingAddress address) =>
        address.IsUnixPipe
        || string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
