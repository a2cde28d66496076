using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Keyturn.Bench.Micro;

/// <summary>How BenchmarkDotNet runs the micro benchmarks.</summary>
public static class MicroConfig
{
    /// <summary>
    /// In-process: no project is generated and built per benchmark class, the benchmarks see the fixtures the section
    /// prepared, and the run takes minutes. The price is that the harness's own state shares the process; it is idle
    /// while BenchmarkDotNet measures. Full runs are ShortRun-sized (3 warmups, 10 iterations); quick runs only
    /// check that every benchmark runs and passes its setup checks.
    /// </summary>
    public static IConfig Create(string artifactsPath, bool quick)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 3 : 10)
            .WithId(quick ? "Quick" : "Short");
        if (quick)
        {
            job = job.WithIterationTime(TimeInterval.FromMilliseconds(50));
        }

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.P95)
            .AddLogger(new StderrLogger())
            // BenchmarkDotNet's own tables, kept with its log; the report is built from the summary, not from these.
            .AddExporter(MarkdownExporter.GitHub)
            // Rows in the order the classes declare them: baseline first, then each step away from it.
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared))
            // BenchmarkDotNet writes its log and any artifacts here, under the run's scratch directory, never into the repository.
            .WithArtifactsPath(artifactsPath);
    }
}
