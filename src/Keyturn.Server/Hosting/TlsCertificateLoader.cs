using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keyturn.Server.Hosting;

/// <summary>
/// Reads a PEM certificate file and its PEM private key into a <see cref="TlsServerCertificate"/>, or says in one line
/// (a <see cref="TlsFileException"/>) which file is wrong and how: missing, unreadable, not PEM, encrypted, a key that
/// does not belong to the certificate, a certificate not meant for servers. Reloads call it too, so a half-written
/// file fails here and the certificate already served stays.
/// </summary>
public static class TlsCertificateLoader
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public static TlsServerCertificate Load(TlsFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var certificateName = $"TLS certificate file '{files.CertificateFile}' (--tls-cert)";
        var keyName = $"TLS key file '{files.KeyFile}' (--tls-key)";
        var chain = ReadCertificates(ReadText(files.CertificateFile, certificateName), certificateName);
        var leaf = chain[0];
        chain.RemoveAt(0);
        CheckServerAuth(leaf, certificateName);
        var withKey = AttachKey(leaf, ReadText(files.KeyFile, keyName), keyName, certificateName);
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use the ephemeral key a PEM import gives; a PKCS#12 round trip persists it for the process.
            withKey = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }

        return new TlsServerCertificate(withKey, chain);
    }

    private static string ReadText(string path, string name)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TlsFileException($"The {name} does not exist.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TlsFileException($"The {name} cannot be read: permission denied (it must be readable by the user keyturn runs as).", e);
        }
        catch (IOException e)
        {
            throw new TlsFileException($"The {name} cannot be read: {e.Message}", e);
        }
    }

    private static X509Certificate2Collection ReadCertificates(string text, string name)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new TlsFileException($"The {name} holds a PEM certificate that does not parse: {e.Message}", e);
        }

        return certificates.Count > 0
            ? certificates
            : throw new TlsFileException($"The {name} holds no complete PEM certificate (a -----BEGIN CERTIFICATE----- block).");
    }

    private static void CheckServerAuth(X509Certificate2 leaf, string name)
    {
        // Without the extension a certificate may be used for anything; with it, clients insist on serverAuth.
        if (leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ServerAuthOid))
        {
            throw new TlsFileException($"The {name} holds a certificate ({leaf.Subject}) whose extended key usage does not allow server authentication.");
        }
    }

    private static X509Certificate2 AttachKey(X509Certificate2 leaf, string keyText, string keyName, string certificateName)
    {
        if (keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new TlsFileException($"The {keyName} holds an encrypted private key: give it unencrypted and protect it with file permissions (0600).");
        }

        return leaf.PublicKey.Oid.Value switch
        {
            RsaOid => Attach(leaf, RSA.Create(), keyText, (c, k) => c.CopyWithPrivateKey(k), "RSA", keyName, certificateName),
            EcOid => Attach(leaf, ECDsa.Create(), keyText, (c, k) => c.CopyWithPrivateKey(k), "EC", keyName, certificateName),
            var other => throw new TlsFileException($"The {certificateName} holds a certificate with a {leaf.PublicKey.Oid.FriendlyName ?? other} key: Keyturn serves RSA and EC certificates."),
        };
    }

    private static X509Certificate2 Attach<TKey>(
        X509Certificate2 leaf, TKey key, string keyText, Func<X509Certificate2, TKey, X509Certificate2> copy, string algorithm, string keyName, string certificateName)
        where TKey : AsymmetricAlgorithm
    {
        using (key)
        {
            try
            {
                key.ImportFromPem(keyText);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new TlsFileException($"The {keyName} holds no complete PEM {algorithm} private key, which the {algorithm} certificate in {certificateName} needs.", e);
            }

            try
            {
                return copy(leaf, key);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new TlsFileException($"The {keyName} holds a private key that does not belong to the certificate in {certificateName}.", e);
            }
        }
    }
}
