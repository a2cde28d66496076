using System.Runtime.InteropServices;

namespace Keyturn.Server.Hosting;

/// <summary>
/// Reloads the TLS pair without a restart: on SIGHUP (as nginx and Vault do) and when either file changes (certbot,
/// cert-manager and Kubernetes secret volumes replace them in place). Writers rarely replace both files at once, so a
/// change waits <see cref="Settle"/> for the other file before loading; a pair that still does not load is logged as
/// a warning and the served certificate stays until a valid pair appears.
/// </summary>
internal sealed class TlsReloadService(TlsCertificateHolder holder, TimeProvider timeProvider, ILogger<TlsReloadService> logger)
    : IHostedService, IDisposable
{
    /// <summary>How long after the last file event the pair is loaded.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    private readonly List<FileSystemWatcher> _watchers = [];
    private ITimer? _settleTimer;
    private PosixSignalRegistration? _hangup;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Serving HTTPS with {Certificate} from {CertificateFile}", holder.Current.Describe(), holder.Files.CertificateFile);
        WarnIfOutsideValidity(holder.Current);
        _settleTimer = timeProvider.CreateTimer(_ => Reload("a change to the TLS files", asked: false), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (var directory in new[] { holder.Files.CertificateFile, holder.Files.KeyFile }.Select(WatchedDirectory).Distinct(StringComparer.Ordinal))
        {
            _watchers.Add(Watch(directory));
        }

        if (!OperatingSystem.IsWindows())
        {
            // Cancel: SIGHUP's default action ends the process; here it means "reload".
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                ThreadPool.QueueUserWorkItem(_ => Reload("SIGHUP", asked: true));
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _watchers.Clear();
        _settleTimer?.Dispose();
    }

    private FileSystemWatcher Watch(string directory)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        watcher.Changed += (_, e) => OnFileEvent(e.Name);
        watcher.Created += (_, e) => OnFileEvent(e.Name);
        watcher.Deleted += (_, e) => OnFileEvent(e.Name);
        watcher.Renamed += (_, e) => OnFileEvent(e.Name);
        watcher.Error += (_, _) => OnFileEvent(null); // events were lost: look anyway
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnFileEvent(string? name)
    {
        // Only the two files, so a data directory next to them (SQLite writes) does not reload on every write; Kubernetes
        // secret volumes swap a "..data" link instead of touching the files' own names.
        if (name is null || IsPairFile(name) || name.StartsWith("..", StringComparison.Ordinal))
        {
            _settleTimer?.Change(Settle, Timeout.InfiniteTimeSpan);
        }
    }

    private bool IsPairFile(string name) =>
        name == Path.GetFileName(holder.Files.CertificateFile) || name == Path.GetFileName(holder.Files.KeyFile);

    private void Reload(string trigger, bool asked)
    {
        var outcome = holder.Reload();
        switch (outcome.Result)
        {
            case TlsReloadResult.Replaced:
                logger.LogInformation("TLS certificate reloaded after {Trigger}: now serving {Certificate}", trigger, outcome.Served.Describe());
                WarnIfOutsideValidity(outcome.Served);
                break;
            case TlsReloadResult.Unchanged:
                // An operator who sent SIGHUP wants to hear back; a touched file is not news.
                logger.Log(asked ? LogLevel.Information : LogLevel.Debug, "TLS files looked at after {Trigger}: they hold the certificate already served, {Certificate}", trigger, outcome.Served.Describe());
                break;
            default:
                logger.LogWarning("TLS certificate not reloaded after {Trigger}: {Error} Still serving {Certificate} until a valid pair loads",
                    trigger, outcome.Error, outcome.Served.Describe());
                break;
        }
    }

    private void WarnIfOutsideValidity(TlsServerCertificate certificate)
    {
        if (certificate.ValidityWarning(timeProvider.GetUtcNow()) is { } warning)
        {
            logger.LogWarning("{Warning}", warning);
        }
    }

    private static string WatchedDirectory(string file) => Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/";
}
