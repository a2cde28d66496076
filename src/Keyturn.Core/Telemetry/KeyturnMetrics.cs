using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Keyturn.Core.Telemetry;

/// <summary>
/// Keyturn's instruments, on one Meter named <see cref="MeterName"/> made through the host's <see cref="IMeterFactory"/>
/// (so each host, and each test, has its own). Exported at GET /metrics; docs/operations.md lists every one.
/// Label values are bounded sets only (rotation types, outcome words, status classes): never ids, names or secrets,
/// which would leak through an unauthenticated scrape and give Prometheus a series per rotation.
/// </summary>
public sealed class KeyturnMetrics
{
    public const string MeterName = "Keyturn";

    private readonly TimeProvider _timeProvider;
    private readonly Counter<long> _rotations;
    private readonly Histogram<double> _rotationDuration;
    private readonly Histogram<double> _providerCallDuration;
    private readonly Counter<long> _providerCallErrors;
    private readonly Counter<long> _secretReads;
    private readonly Histogram<double> _auditWriteDuration;
    private readonly Counter<long> _webhookDeliveries;
    private readonly DueRotationCounts _due = new();

    public KeyturnMetrics(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _timeProvider = timeProvider;
        Meter = meterFactory.Create(MeterName);
        _rotations = Meter.CreateCounter<long>("keyturn.rotations", "{attempt}", "Rotation attempts that ended, by type and outcome (succeeded, failed, error).");
        _rotationDuration = Meter.CreateHistogram<double>("keyturn.rotation.duration", "s", "How long rotation attempts took, by type and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.RotationSeconds });
        _providerCallDuration = Meter.CreateHistogram<double>("keyturn.provider.call.duration", "s", "Latency of calls to a provider, by type, operation and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.CallSeconds });
        _providerCallErrors = Meter.CreateCounter<long>("keyturn.provider.call.errors", "{call}", "Provider calls that failed, by type, operation and status (rejected, dns, refused, tls, timeout, failed, cancelled, exception).");
        _secretReads = Meter.CreateCounter<long>("keyturn.secret.reads", "{read}", "Secrets read through the API, by operation (get: one secret, list: each secret a list returned).");
        _auditWriteDuration = Meter.CreateHistogram<double>("keyturn.audit.write.duration", "s", "How long one group of audit entries took to become durable.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.CallSeconds });
        _webhookDeliveries = Meter.CreateCounter<long>("keyturn.webhook.deliveries", "{delivery}", "Webhook delivery attempts, by event and outcome (succeeded, retrying, failed).");
        Meter.CreateObservableGauge("keyturn.rotations.due", () => _due.Due, "{rotation}", "Rotations due at the scheduler's last look (a lower bound while the rotation pool is full).");
        Meter.CreateObservableGauge("keyturn.rotations.overdue", () => _due.Overdue, "{rotation}", $"Rotations due for longer than {DueRotationCounts.OverdueAfter.TotalHours:0} h at the scheduler's last look.");
    }

    /// <summary>The Meter itself: tests listen to this instance only, so other hosts in the same process do not count.</summary>
    public Meter Meter { get; }

    /// <summary>A start mark for <see cref="Elapsed"/>, from the host's clock.</summary>
    public long Start() => _timeProvider.GetTimestamp();

    public double Elapsed(long start) => _timeProvider.GetElapsedTime(start).TotalSeconds;

    public void RotationEnded(string type, string outcome, double seconds)
    {
        var tags = new TagList { { "type", type }, { "outcome", outcome } };
        _rotations.Add(1, tags);
        _rotationDuration.Record(seconds, tags);
    }

    public void ProviderCalled(string type, string operation, string status, double seconds)
    {
        var tags = new TagList { { "type", type }, { "operation", operation }, { "status", status } };
        _providerCallDuration.Record(seconds, tags);
        if (status != ProviderCallStatus.Ok)
        {
            _providerCallErrors.Add(1, tags);
        }
    }

    public void SecretsRead(string operation, int count)
    {
        if (count > 0)
        {
            _secretReads.Add(count, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public void AuditGroupWritten(double seconds) => _auditWriteDuration.Record(seconds);

    public void WebhookDelivered(string eventType, string outcome) =>
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("event", eventType), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A due rotation older than this counts as overdue (see <see cref="DueRotationCounts.OverdueAfter"/>).</summary>
    public static TimeSpan OverdueAfter => DueRotationCounts.OverdueAfter;

    /// <summary>What the scheduler's due-scan saw; the gauges report it until the next scan, so a scrape costs no query.</summary>
    public void DueScanned(int due, int overdue) => _due.Set(due, overdue);

    private static class Buckets
    {
        // Rotations wait for propagation (Azure: up to about a minute, verify window 120 s by default).
        public static readonly IReadOnlyList<double> RotationSeconds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

        public static readonly IReadOnlyList<double> CallSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    }
}
