using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keyturn.AzureEmulator.Certificates;

/// <summary>
/// The emulator's private CA: created once per state directory (ca.pem + ca.key.pem) and reused on restart,
/// so clients that trust ca.pem keep trusting the emulator. It signs a fresh server certificate on every start.
/// </summary>
/// <remarks>
/// Validity uses <see cref="TimeProvider.System"/> on purpose, not the emulated clock: TLS clients check
/// certificates against the operating system's clock, whatever time the emulator pretends it is.
/// </remarks>
internal sealed class CertificateAuthority : IDisposable
{
    public const string CertificateFileName = "ca.pem";
    public const string KeyFileName = "ca.key.pem";

    private CertificateAuthority(X509Certificate2 certificate, string certificatePath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public static CertificateAuthority LoadOrCreate(string directory)
    {
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return new CertificateAuthority(X509Certificate2.CreateFromPemFile(certificatePath, keyPath), certificatePath);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Keyturn Azure Emulator CA, O=Keyturn", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        // Key first: a cert file without its key would make the next start mint a CA nobody trusts yet.
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        TryRestrictToOwner(keyPath);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return new CertificateAuthority(certificate, certificatePath);
    }

    /// <summary>Issues a server certificate for localhost, 127.0.0.1 and ::1, signed by this CA.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build(critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var now = TimeProvider.System.GetUtcNow();
        var notAfter = now.AddDays(397) < Certificate.NotAfter ? now.AddDays(397) : new DateTimeOffset(Certificate.NotAfter);
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so the private key is a persisted one that SslStream accepts on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => Certificate.Dispose();

    private static void TryRestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
