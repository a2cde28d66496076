using System.Net.Security;

namespace Keyturn.Server.Hosting;

/// <summary>Makes every https:// URL Kestrel binds serve the holder's current pair, and keeps that pair reloaded.</summary>
public static class TlsKestrelSetup
{
    public static WebApplicationBuilder UseKeyturnTls(this WebApplicationBuilder builder, TlsCertificateHolder? holder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (holder is null)
        {
            return builder;
        }

        builder.Services.AddSingleton(holder);
        builder.Services.AddHostedService<TlsReloadService>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            // Kestrel binds https only with a certificate or a selector (else it looks for a development certificate).
            https.ServerCertificateSelector = (_, _) => holder.Current.Certificate;
            // Called last for each connection: the context carries the intermediates, which the selector's bare
            // certificate would leave out, and it is read per connection, so a reload applies to the next handshake.
            https.OnAuthenticate = (_, ssl) => UseCurrent(ssl, holder.Current);
        }));
        return builder;
    }

    private static void UseCurrent(SslServerAuthenticationOptions ssl, TlsServerCertificate current)
    {
        // SslStream takes exactly one of the three.
        ssl.ServerCertificateSelectionCallback = null;
        ssl.ServerCertificate = null;
        ssl.ServerCertificateContext = current.Context;
    }
}
