using Keyturn.Bench.Report;

namespace Keyturn.Bench.Micro;

public sealed class MicroBenchmarks : IBenchSection
{
    public string Key => "micro";

    public Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken) =>
        throw new NotImplementedException("micro: not written yet");
}
