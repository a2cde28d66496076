using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keyturn.Cli;

/// <summary>
/// Trust for a server whose certificate a private CA issued, or that signed its own (--ca-cert, KEYTURN_CACERT as in
/// Vault): the file's certificates are added to the system store's roots, never used to switch validation off. The
/// host name is still checked against the certificate.
/// </summary>
internal static class ServerCaTrust
{
    /// <exception cref="UsageException">The file is missing, unreadable or holds no PEM certificate.</exception>
    public static SocketsHttpHandler CreateHandler(string caFile)
    {
        var roots = Read(caFile);
        // NoCheck, as SslStream does without a custom policy: private CAs publish no revocation list.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        using (var system = new X509Store(StoreName.Root, StoreLocation.LocalMachine))
        {
            system.Open(OpenFlags.ReadOnly);
            policy.CustomTrustStore.AddRange(system.Certificates);
        }

        policy.CustomTrustStore.AddRange(roots);
        return new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
    }

    private static X509Certificate2Collection Read(string caFile)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new UsageException($"--ca-cert ({GlobalOptions.CaCertVariable}): cannot read '{caFile}': {e.Message}");
        }

        return certificates.Count > 0
            ? certificates
            : throw new UsageException($"--ca-cert ({GlobalOptions.CaCertVariable}): '{caFile}' holds no PEM certificate (a -----BEGIN CERTIFICATE----- block)");
    }
}
