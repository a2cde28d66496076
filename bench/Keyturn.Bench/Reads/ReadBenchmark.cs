using Keyturn.Bench.Report;

namespace Keyturn.Bench.Reads;

public sealed class ReadBenchmark : IBenchSection
{
    public string Key => "reads";

    public Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken) =>
        throw new NotImplementedException("reads: not written yet");
}
