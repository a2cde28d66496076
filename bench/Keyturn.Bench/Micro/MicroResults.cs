using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;

namespace Keyturn.Bench.Micro;

/// <summary>Turns a BenchmarkDotNet summary into rows, and fails when any benchmark did not produce figures.</summary>
public static class MicroResults
{
    public static IReadOnlyList<MicroRow> From(Summary summary)
    {
        if (summary.HasCriticalValidationErrors)
        {
            throw new InvalidOperationException(
                $"micro: BenchmarkDotNet rejected {summary.Title}: {string.Join("; ", summary.ValidationErrors.Select(e => e.Message))}");
        }

        var rows = new List<MicroRow>();
        // Declaration order, so each table reads baseline first and then each step away from it; grouping by
        // category would otherwise sort the groups by name.
        foreach (var benchmark in summary.BenchmarksCases.OrderBy(b => b.Descriptor.MethodIndex))
        {
            var name = benchmark.Descriptor.WorkloadMethod.Name;
            // No statistics means the benchmark threw (its setup check failed, or the code under test did); the
            // exception went to stderr. A missing row must not pass as a result.
            var statistics = summary[benchmark]?.ResultStatistics
                ?? throw new InvalidOperationException($"micro: {benchmark.Descriptor.Type.Name}.{name} produced no measurements; see the errors above.");
            var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmark))
                ?? throw new InvalidOperationException($"micro: {benchmark.Descriptor.Type.Name}.{name} has no baseline in its group.");
            var baselineMean = summary[baseline]?.ResultStatistics?.Mean
                ?? throw new InvalidOperationException($"micro: the baseline of {benchmark.Descriptor.Type.Name}.{name} produced no measurements.");
            rows.Add(new MicroRow(
                benchmark.Descriptor.Categories.FirstOrDefault() ?? "",
                name,
                // The attribute's text: the display form puts quotes around any description with spaces.
                benchmark.Descriptor.WorkloadMethod.GetCustomAttribute<BenchmarkAttribute>()?.Description ?? name,
                summary.IsBaseline(benchmark),
                statistics.Mean,
                statistics.ConfidenceInterval.Margin,
                statistics.StandardDeviation,
                statistics.Percentiles.P95,
                summary[benchmark]!.GcStats.GetBytesAllocatedPerOperation(benchmark),
                statistics.Mean / baselineMean));
        }

        return rows;
    }
}
