using System.Security.Cryptography.X509Certificates;
using Keyturn.Core.Rotation;
using Keyturn.Storage;

namespace Keyturn.Server.Hosting;

/// <summary>Everything `keyturn server` is started with; the CLI fills it from flags and KEYTURN_* variables.</summary>
public sealed record KeyturnServerOptions
{
    /// <summary>Holds the SQLite file, root.key and root.token (when not given by environment).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:8200; port 0 picks a free one.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8200"];

    /// <summary>The PEM pair https:// URLs serve (--tls-cert, --tls-key), reloaded on SIGHUP or file change; null for none.</summary>
    public TlsFiles? Tls { get; init; }

    /// <summary>Allows plain http on a non-loopback address (--insecure-http): only behind a proxy that terminates TLS.</summary>
    public bool InsecureHttp { get; init; }

    /// <summary>Null means the embedded SQLite file DataDirectory/keyturn.db.</summary>
    public StorageOptions? Storage { get; init; }

    /// <summary>Base64 of 32 bytes (KEYTURN_ROOT_KEY); null means DataDirectory/root.key, created on first start.</summary>
    public string? RootKeyBase64 { get; init; }

    /// <summary>The admin token (KEYTURN_ROOT_TOKEN); null means DataDirectory/root.token, created on first start.</summary>
    public string? RootToken { get; init; }

    public RotationOptions Rotation { get; init; } = new();

    /// <summary>How often the in-process loop looks for due rotations. Default 30 s; 1 s to 1 h.</summary>
    public TimeSpan SchedulerInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often rotation.upcoming and credential.expiring reminders are looked for. Default 5 min; 1 s to 1 h. They are
    /// day-scale warnings, so a tick minutes late costs nothing, and each tick reads the scheduled rotations once.
    /// </summary>
    public TimeSpan ReminderInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many scheduled rotations (and recoveries) run at once. Default 16; 1 to 256.</summary>
    public int RotationConcurrency { get; init; } = 16;

    /// <summary>
    /// How many of those may use one app connection at once, so one tenant's slow or throttled rotations leave slots
    /// for the others. Default 4; 1 to <see cref="RotationConcurrency"/>.
    /// </summary>
    public int RotationConcurrencyPerConnection { get; init; } = 4;

    /// <summary>Extra CAs for provider HTTPS (an in-process emulator's); the system store is always trusted too.</summary>
    public X509Certificate2Collection? ExtraTrustedRoots { get; init; }

    /// <summary>Where `script` rotations find their scripts (--scripts-dir); null means DataDirectory/scripts.</summary>
    public string? ScriptsDirectory { get; init; }

    /// <summary>
    /// Hosts (host[:port], port 443 when left out) that `rest-api` rotations may send requests to (--outbound-allow).
    /// Empty by default: no outbound rotation request is allowed until an operator lists its host.
    /// </summary>
    public IReadOnlyList<string> OutboundAllow { get; init; } = [];

    /// <summary>
    /// Reconcile every rotation once a day, not as a dry run, and publish what it finds through the webhooks
    /// (--reconcile-daily; docs/reconcile.md). Off by default.
    /// </summary>
    public bool ReconcileDaily { get; init; }

    /// <summary>The UTC time of day the daily reconcile runs. Default 03:00; 0 to just under 24 h.</summary>
    public TimeSpan ReconcileDailyAt { get; init; } = TimeSpan.FromHours(3);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl+C) waits for requests and rotation attempts to reach a journal boundary before
    /// provider calls still running are cut (--shutdown-timeout; docs/operations.md). Default 30 s; 1 s to 10 min.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(DefaultShutdownSeconds);

    /// <summary>--shutdown-timeout's default; deploy/keyturn.service's TimeoutStopSec must stay above it (a test checks).</summary>
    public const int DefaultShutdownSeconds = 30;

    /// <summary>
    /// Record every /api request in the audit trail (docs/audit.md). On by default and not a flag of `keyturn server`:
    /// the benchmark turns it off only to measure reads without audit next to reads with it (docs/benchmarks.md).
    /// </summary>
    public bool RequestAudit { get; init; } = true;

    /// <summary>Set to 1 to start `keyturn server` with <see cref="RequestAudit"/> off: for the benchmark's comparison only.</summary>
    public const string BenchRequestAuditOffVariable = "KEYTURN_BENCH_REQUEST_AUDIT_OFF";

    /// <summary>Webhook delivery: poll, retries, timeouts (docs/notifications.md).</summary>
    public Keyturn.Server.Notifications.WebhookOptions Webhooks { get; init; } = new();

    /// <summary>
    /// Registers more services after the shipped ones: the crash-test host adds its test providers here
    /// (`services.AddSingleton&lt;IRotationProvider, …&gt;()`). Null for `keyturn server`.
    /// </summary>
    public Action<IServiceCollection>? AdditionalServices { get; init; }

    /// <summary>Keyturn's own log level; ASP.NET Core's request chatter stays at Warning. Default Information.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Text (one line per entry) or JSON (one object per line) on stdout. Default text.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("A data directory is required (--data-dir).");
        }

        if (Urls.Count == 0)
        {
            throw new ArgumentException("At least one URL to listen on is required (--urls).");
        }

        TlsListenPolicy.Check(Urls, hasCertificate: Tls is not null, InsecureHttp);

        if (SchedulerInterval < TimeSpan.FromSeconds(1) || SchedulerInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(SchedulerInterval), SchedulerInterval, "The scheduler interval must be between 1 s and 1 h.");
        }

        if (ReminderInterval < TimeSpan.FromSeconds(1) || ReminderInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(ReminderInterval), ReminderInterval, "The reminder interval must be between 1 s and 1 h.");
        }

        if (RotationConcurrency is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(RotationConcurrency), RotationConcurrency, "The rotation concurrency must be between 1 and 256.");
        }

        if (RotationConcurrencyPerConnection < 1 || RotationConcurrencyPerConnection > RotationConcurrency)
        {
            throw new ArgumentOutOfRangeException(nameof(RotationConcurrencyPerConnection), RotationConcurrencyPerConnection,
                $"The rotation concurrency per connection must be between 1 and the rotation concurrency ({RotationConcurrency}).");
        }

        if (ReconcileDailyAt < TimeSpan.Zero || ReconcileDailyAt >= TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(ReconcileDailyAt), ReconcileDailyAt, "The daily reconcile time must be a UTC time of day (0 to 23:59:59).");
        }

        if (ShutdownTimeout < TimeSpan.FromSeconds(1) || ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(ShutdownTimeout), ShutdownTimeout, "The shutdown timeout must be between 1 s and 10 min (--shutdown-timeout).");
        }

        Rotation.Validate();
        Webhooks.Validate();
        Keyturn.Providers.RestApi.OutboundAllowList.Parse(OutboundAllow);
    }
}
