using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Keyturn.Server.Hosting;

/// <summary>
/// A loaded certificate and key pair as Kestrel serves it: the certificate (with its private key) and the context
/// SslStream sends, which carries the intermediates from the certificate file too.
/// </summary>
public sealed class TlsServerCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates)
{
    public X509Certificate2 Certificate { get; } = certificate;

    // Offline: the chain is what the file holds; building it must not fetch issuers over the network at start.
    public SslStreamCertificateContext Context { get; } = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);

    /// <summary>The certificate and the intermediates, so a renewal that changes only the chain still counts as new.</summary>
    public string Fingerprint { get; } = string.Join(':', intermediates.Prepend(certificate).Select(c => c.Thumbprint));

    /// <summary>What an operator sees in the log: subject, thumbprint, validity.</summary>
    public string Describe() =>
        $"{Certificate.Subject} (thumbprint {Certificate.Thumbprint}, valid {Certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC)";

    /// <summary>
    /// A warning when the certificate is outside its validity at <paramref name="now"/>, else null. Served anyway: a
    /// server that refused to start on an expired certificate would turn a renewal reminder into an outage.
    /// </summary>
    public string? ValidityWarning(DateTimeOffset now)
    {
        if (now > Certificate.NotAfter.ToUniversalTime())
        {
            return $"The TLS certificate {Certificate.Subject} (thumbprint {Certificate.Thumbprint}) expired on {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: clients will refuse it until a renewed pair is in place (reloaded on SIGHUP or file change)";
        }

        return now < Certificate.NotBefore.ToUniversalTime()
            ? $"The TLS certificate {Certificate.Subject} (thumbprint {Certificate.Thumbprint}) is not valid before {Certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: clients will refuse it until then (is the clock right?)"
            : null;
    }
}
