using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Keyturn.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Support;

/// <summary>
/// Records what one host's Keyturn meter measures (a MeterListener on that Meter instance only, so servers other tests
/// run in the same process do not count). Microsoft.Extensions.Diagnostics.Testing's MetricCollector would do this, but
/// its version needs a newer Logging.Abstractions than the one pinned here.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    private MeterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public static MeterRecorder Of(TestServer server) => new(server.Host.Services.GetRequiredService<KeyturnMetrics>().Meter);

    /// <summary>Measurements of <paramref name="instrument"/> whose tags include every one of <paramref name="tags"/>.</summary>
    public IReadOnlyList<Measured> Of(string instrument, params (string Key, string Value)[] tags) =>
        [.. _measured.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))];

    public double Sum(string instrument, params (string Key, string Value)[] tags) => Of(instrument, tags).Sum(m => m.Value);

    /// <summary>The observable gauges' current values, as a scrape would read them.</summary>
    public IReadOnlyList<Measured> Observe(string instrument)
    {
        _measured.Clear();
        _listener.RecordObservableInstruments();
        return Of(instrument);
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measured.Enqueue(new Measured(instrument.Name, value, copy));
    }

    public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
