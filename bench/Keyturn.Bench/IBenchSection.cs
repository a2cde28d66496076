using Keyturn.Bench.Report;

namespace Keyturn.Bench;

/// <summary>One part of the benchmark run (reads, rotations, scale, micro): measures its figures and their baselines.</summary>
public interface IBenchSection
{
    /// <summary>The name used on the command line (`bench/run reads`).</summary>
    string Key { get; }

    Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
