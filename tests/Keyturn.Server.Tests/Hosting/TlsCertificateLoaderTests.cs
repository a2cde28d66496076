using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Keyturn.Server.Hosting;
using Keyturn.Tests.Shared;

namespace Keyturn.Server.Tests.Hosting;

public sealed class TlsCertificateLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-tls-load-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TlsFiles Files => new(Path.Combine(_directory, "cert.pem"), Path.Combine(_directory, "key.pem"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_EcAndRsaPairs_CertificateWithItsPrivateKey(bool rsa)
    {
        using var certificate = TlsTestCertificates.SelfSigned("keyturn", rsa: rsa);
        TlsTestCertificates.WritePair(certificate, Files.CertificateFile, Files.KeyFile);

        var loaded = TlsCertificateLoader.Load(Files);

        Assert.Equal(certificate.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, loaded.Fingerprint);
    }

    [Fact]
    public void Load_FullchainFile_IntermediatesCountInTheFingerprint()
    {
        using var certificate = TlsTestCertificates.SelfSigned("keyturn");
        using var intermediate = TlsTestCertificates.SelfSigned("intermediate");
        TlsTestCertificates.WritePair(certificate, Files.CertificateFile, Files.KeyFile);
        File.AppendAllText(Files.CertificateFile, "\n" + intermediate.ExportCertificatePem());

        var loaded = TlsCertificateLoader.Load(Files);

        Assert.Equal($"{certificate.Thumbprint}:{intermediate.Thumbprint}", loaded.Fingerprint);
    }

    [Fact]
    public void Load_CertificateAndKeyInOneFile_Loads()
    {
        using var certificate = TlsTestCertificates.SelfSigned("keyturn");
        File.WriteAllText(Files.CertificateFile, certificate.ExportCertificatePem() + "\n" + TlsTestCertificates.KeyPem(certificate));

        var loaded = TlsCertificateLoader.Load(Files with { KeyFile = Files.CertificateFile });

        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Load_RsaKeyForAnEcCertificate_NamesTheKeyFile()
    {
        using var certificate = TlsTestCertificates.SelfSigned("keyturn");
        using var rsa = TlsTestCertificates.SelfSigned("rsa", rsa: true);
        File.WriteAllText(Files.CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(Files.KeyFile, TlsTestCertificates.KeyPem(rsa));

        var error = Assert.Throws<TlsFileException>(() => TlsCertificateLoader.Load(Files));

        Assert.StartsWith($"The TLS key file '{Files.KeyFile}' (--tls-key) holds no complete PEM EC private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyFileMissing_NamesIt()
    {
        using var certificate = TlsTestCertificates.SelfSigned("keyturn");
        File.WriteAllText(Files.CertificateFile, certificate.ExportCertificatePem());

        var error = Assert.Throws<TlsFileException>(() => TlsCertificateLoader.Load(Files));

        Assert.Equal($"The TLS key file '{Files.KeyFile}' (--tls-key) does not exist.", error.Message);
    }

    [Fact]
    public void ValidityWarning_ExpiredAndNotYetValid_Warn_CurrentDoesNot()
    {
        var now = DateTimeOffset.UtcNow;
        using var expired = TlsTestCertificates.SelfSigned("old", now.AddDays(-10), now.AddDays(-1));
        using var future = TlsTestCertificates.SelfSigned("new", now.AddDays(1), now.AddDays(10));
        using var current = TlsTestCertificates.SelfSigned("current");

        Assert.Contains("expired on", Loaded(expired).ValidityWarning(now), StringComparison.Ordinal);
        Assert.Contains("is not valid before", Loaded(future).ValidityWarning(now), StringComparison.Ordinal);
        Assert.Null(Loaded(current).ValidityWarning(now));
    }

    [Fact]
    public void Holder_Reload_ReplacesKeepsOnFailureAndReportsUnchanged()
    {
        using var first = TlsTestCertificates.SelfSigned("first");
        using var second = TlsTestCertificates.SelfSigned("second");
        TlsTestCertificates.WritePair(first, Files.CertificateFile, Files.KeyFile);
        var holder = new TlsCertificateHolder(Files, TlsCertificateLoader.Load(Files));

        Assert.Equal(TlsReloadResult.Unchanged, holder.Reload().Result);

        // The new certificate is in place, its key not yet: the old pair stays.
        File.WriteAllText(Files.CertificateFile, second.ExportCertificatePem());
        var half = holder.Reload();
        Assert.Equal(TlsReloadResult.Failed, half.Result);
        Assert.Contains("does not belong to the certificate", half.Error, StringComparison.Ordinal);
        Assert.Equal(first.Thumbprint, holder.Current.Certificate.Thumbprint);

        File.WriteAllText(Files.KeyFile, TlsTestCertificates.KeyPem(second));
        var replaced = holder.Reload();
        Assert.Equal(TlsReloadResult.Replaced, replaced.Result);
        Assert.Equal(second.Thumbprint, holder.Current.Certificate.Thumbprint);
        Assert.Same(holder.Current, replaced.Served);
    }

    private TlsServerCertificate Loaded(X509Certificate2 certificate)
    {
        TlsTestCertificates.WritePair(certificate, Files.CertificateFile, Files.KeyFile);
        return TlsCertificateLoader.Load(Files);
    }
}
