using System.Diagnostics.Metrics;
using Keyturn.Core.Telemetry;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Telemetry;

/// <summary>docs/operations.md lists every instrument of the Keyturn meter under its Prometheus name, so it cannot drift.</summary>
public sealed class MetricsDocTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public void OperationsDoc_ListsEveryKeyturnMetricUnderItsPrometheusName()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Keyturn.slnx")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Keyturn.slnx not found above the test's folder.");
        }

        var doc = File.ReadAllText(Path.Combine(directory.FullName, "docs", "operations.md"));
        var meter = fixture.Server.Host.Services.GetRequiredService<KeyturnMetrics>().Meter;
        var names = new List<string>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    names.Add(PrometheusName(instrument));
                }
            };
            listener.Start();
        }

        Assert.Equal(9, names.Count);
        var missing = names.Where(n => !doc.Contains($"| `{n}` |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/operations.md's metrics table lacks: {string.Join(", ", missing)}");
    }

    /// <summary>The exporter's naming: dots to underscores, the unit "s" as _seconds, counters ending in _total.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
        var isCounter = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>);
        return isCounter ? name + "_total" : name;
    }
}
