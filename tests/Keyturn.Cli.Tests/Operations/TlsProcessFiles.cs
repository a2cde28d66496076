using System.Security.Cryptography.X509Certificates;
using Keyturn.Tests.Shared;

namespace Keyturn.Cli.Tests.Operations;

/// <summary>What the TLS and start-up process tests share: the key text no log may hold.</summary>
internal static class TlsProcessFiles
{
    /// <summary>The base64 lines of the private key's PEM: the log check reads line by line, so these are what a leak would show.</summary>
    public static IEnumerable<string> KeyLines(X509Certificate2 certificate) =>
        TlsTestCertificates.KeyPem(certificate).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("-----", StringComparison.Ordinal));
}
