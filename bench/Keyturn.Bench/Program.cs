using System.Diagnostics;
using Keyturn.Bench;
using Keyturn.Bench.Mass;
using Keyturn.Bench.Micro;
using Keyturn.Bench.Reads;
using Keyturn.Bench.Report;
using Keyturn.Bench.Rotations;
using Keyturn.Bench.Scale;
using Keyturn.Bench.Support;

// `Keyturn.Bench baseline-server ...` is the bare ASP.NET Core process the read benchmark compares against.
if (args is ["baseline-server", .. var rest])
{
    return await BaselineServer.RunAsync(rest);
}

IBenchSection[] all = [new ReadBenchmark(), new RotationBenchmark(), new MassRotationBenchmark(), new ScaleBenchmark(), new MicroBenchmarks()];
var options = BenchOptions.Parse(args, all.Select(s => s.Key).ToList());
if (options.Error is not null)
{
    Console.Error.WriteLine($"error: {options.Error}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var work = Directory.CreateTempSubdirectory("keyturn-bench-").FullName;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var postgres = await PostgresProbe.ProbeAsync(options.Postgres, cancel.Token);
    var context = new BenchContext(options.RepoRoot, options.Keyturn, work, options.Quick, postgres.ConnectionString);
    if (postgres.ConnectionString is null)
    {
        context.Log($"PostgreSQL: {postgres.Description}; PostgreSQL figures are left out.");
    }

    var reports = new List<SectionReport>();
    foreach (var section in all.Where(s => options.Sections.Contains(s.Key)))
    {
        context.Log($"== {section.Key}");
        reports.Add(await section.RunAsync(context, cancel.Token));
    }

    var analysisPath = Path.Combine(options.RepoRoot, "bench", "analysis.md");
    var analysis = File.Exists(analysisPath) ? await File.ReadAllTextAsync(analysisPath, cancel.Token) : null;
    var machine = MachineFacts.Read(options.RepoRoot, postgres.ConnectionString is null ? null : postgres.Description);
    var markdown = MarkdownReport.Render(machine, reports, analysis, options.Quick, startedAt, clock.Elapsed);
    await File.WriteAllTextAsync(options.Output, markdown, cancel.Token);
    context.Log($"Wrote {options.Output} in {clock.Elapsed.TotalMinutes:F1} min.");
    foreach (var target in reports.SelectMany(r => r.Targets))
    {
        Console.WriteLine($"{(target.Met ? "met   " : "MISSED")}  {target.Figure}: {target.Measured} (target {target.Target})");
    }

    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}
