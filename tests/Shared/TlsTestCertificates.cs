using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keyturn.Tests.Shared;

/// <summary>Self-signed server certificates for 127.0.0.1 and localhost as PEM files, and which one a server serves.</summary>
internal static class TlsTestCertificates
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// A certificate that is its own CA (so a client trusts it with the certificate file alone), valid from
    /// <paramref name="notBefore"/> to <paramref name="notAfter"/> (default: an hour ago to a day ahead).
    /// </summary>
    public static X509Certificate2 SelfSigned(
        string commonName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool rsa = false, bool clientAuthOnly = false)
    {
        using var key = rsa ? (AsymmetricAlgorithm)RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsaKey
            ? new CertificateRequest($"CN={commonName}", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={commonName}", (ECDsa)key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(clientAuthOnly ? ClientAuthOid : ServerAuthOid)], critical: false));
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A root CA, an intermediate it signed, and a server certificate for 127.0.0.1 the intermediate signed.</summary>
    public static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Server) Chain()
    {
        var now = DateTimeOffset.UtcNow;
        var root = Authority("Keyturn Test Root", issuer: null, now);
        var intermediate = Authority("Keyturn Test Intermediate", root, now);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=keyturn-chained", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var server = request.Create(intermediate, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(8)).CopyWithPrivateKey(key);
        return (root, intermediate, server);
    }

    private static X509Certificate2 Authority(string name, X509Certificate2? issuer, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(now.AddHours(-2), now.AddDays(2));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request.Create(issuer, now.AddHours(-2), now.AddDays(2), RandomNumberGenerator.GetBytes(8)).CopyWithPrivateKey(key);
    }

    public static string KeyPem(X509Certificate2 certificate) =>
        ((AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey())!.ExportPkcs8PrivateKeyPem();

    /// <summary>Writes the certificate and its unencrypted PKCS#8 key as PEM (the key 0600, as an operator would).</summary>
    public static void WritePair(X509Certificate2 certificate, string certificateFile, string keyFile)
    {
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, KeyPem(certificate));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>
    /// The thumbprint of the certificate served on 127.0.0.1:<paramref name="port"/>. The callback accepts whatever is
    /// presented because this only reads which certificate it is; trust is what the CLI tests check.
    /// </summary>
    public static async Task<string> ServedThumbprintAsync(int port, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        string? thumbprint = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                thumbprint = certificate?.GetCertHashString();
                return true;
            },
        }, cancellationToken);
        return thumbprint ?? throw new InvalidOperationException("the server presented no certificate");
    }
}
