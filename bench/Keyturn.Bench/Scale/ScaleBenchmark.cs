using Keyturn.Bench.Report;

namespace Keyturn.Bench.Scale;

public sealed class ScaleBenchmark : IBenchSection
{
    public string Key => "scale";

    public Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken) =>
        throw new NotImplementedException("scale: not written yet");
}
