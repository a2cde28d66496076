namespace Keyturn.Server.Hosting;

/// <summary>
/// The PEM files `keyturn server` serves HTTPS with (--tls-cert, --tls-key). The certificate file may hold the
/// intermediates after the server's own certificate (a "fullchain" file); they are sent to clients with it.
/// </summary>
public sealed record TlsFiles(string CertificateFile, string KeyFile);
