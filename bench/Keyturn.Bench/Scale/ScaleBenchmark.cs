using Keyturn.Bench.Report;

namespace Keyturn.Bench.Scale;

/// <summary>
/// Scale: 100,000 rotations and 1,000,000 secret versions stored, on SQLite and (when available) PostgreSQL:
/// time to find due rotations, server start-up to ready and idle resident memory, each against the same
/// installation empty.
/// </summary>
public sealed class ScaleBenchmark : IBenchSection
{
    public string Key => "scale";

    public async Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var shape = context.Quick ? ScaleShape.Quick : ScaleShape.Full;
        var settings = context.Quick ? BackendMeasurement.Settings.Quick : BackendMeasurement.Settings.Full;
        var measured = new List<BackendMeasurement>();
        var notes = new List<string>();
        var loadBefore = LoadAverage.OneMinute();

        await using (var sqlite = SqliteScaleBackend.Create(context))
        {
            measured.Add(await BackendMeasurement.RunAsync(context, sqlite, "embedded file in the data directory", shape, settings, cancellationToken));
        }

        if (context.Postgres is { } admin)
        {
            await using var postgres = await PostgresScaleBackend.CreateAsync(context, admin, cancellationToken);
            measured.Add(await BackendMeasurement.RunAsync(context, postgres, postgres.Description + ", dropped afterwards", shape, settings, cancellationToken));
        }
        else
        {
            notes.Add("PostgreSQL was not measured: no server was available to this run (pass --postgres or set KEYTURN_BENCH_POSTGRES).");
        }

        notes.Add($"Load average (1 min) was {loadBefore:F1} when the section started and {LoadAverage.OneMinute():F1} when it ended, on " +
                  $"{Environment.ProcessorCount} cores: start-up times move with it, so compare each loaded figure with its empty baseline from the same run.");
        return ScaleReport.Build(shape, settings, measured, notes);
    }
}
