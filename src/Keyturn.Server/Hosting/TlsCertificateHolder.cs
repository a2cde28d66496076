namespace Keyturn.Server.Hosting;

/// <summary>
/// The certificate Kestrel serves right now, swapped whole on reload: each new TLS connection reads
/// <see cref="Current"/> once, so it gets the old pair or the new one, never a mix. A pair that fails to load leaves
/// the served one in place.
/// </summary>
public sealed class TlsCertificateHolder(TlsFiles files, TlsServerCertificate initial)
{
    private readonly Lock _reloading = new();
    private TlsServerCertificate _current = initial;

    public TlsFiles Files => files;

    public TlsServerCertificate Current => Volatile.Read(ref _current);

    /// <summary>Loads the files again and serves them if they hold a different, valid pair.</summary>
    public TlsReloadOutcome Reload()
    {
        // One reload at a time: a signal and a file change arriving together must not race each other's swap.
        lock (_reloading)
        {
            TlsServerCertificate loaded;
            try
            {
                loaded = TlsCertificateLoader.Load(files);
            }
            catch (TlsFileException e)
            {
                return new TlsReloadOutcome(TlsReloadResult.Failed, Current, e.Message);
            }

            if (loaded.Fingerprint == Current.Fingerprint)
            {
                return new TlsReloadOutcome(TlsReloadResult.Unchanged, Current, null);
            }

            // The old pair is not disposed: a handshake that read it a moment ago may still be using it.
            Volatile.Write(ref _current, loaded);
            return new TlsReloadOutcome(TlsReloadResult.Replaced, loaded, null);
        }
    }
}
