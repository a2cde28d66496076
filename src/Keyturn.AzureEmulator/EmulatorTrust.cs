using System.Security.Cryptography.X509Certificates;

namespace Keyturn.AzureEmulator;

/// <summary>In-process trust of the emulator's CA, for clients that cannot use SSL_CERT_FILE.</summary>
public static class EmulatorTrust
{
    /// <summary>
    /// A chain policy trusting only <paramref name="ca"/>. Revocation checking is off because the emulator's private CA
    /// publishes no revocation list: with the default (online) mode every chain fails with RevocationStatusUnknown.
    /// That matches what SslStream does without a custom policy (its default revocation mode is NoCheck), so trust via
    /// SSL_CERT_FILE and via this policy behave the same. Chain, expiry, key usage and host name are still validated.
    /// </summary>
    public static X509ChainPolicy ChainPolicy(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        return new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { ca },
            RevocationMode = X509RevocationMode.NoCheck,
        };
    }

    /// <summary>A handler whose TLS validation trusts the emulator's CA and nothing else.</summary>
    public static SocketsHttpHandler CreateHandler(X509Certificate2 ca) =>
        new() { SslOptions = { CertificateChainPolicy = ChainPolicy(ca) } };
}
