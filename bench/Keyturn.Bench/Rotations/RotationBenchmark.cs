using Keyturn.Bench.Report;

namespace Keyturn.Bench.Rotations;

public sealed class RotationBenchmark : IBenchSection
{
    public string Key => "rotations";

    public Task<SectionReport> RunAsync(BenchContext context, CancellationToken cancellationToken) =>
        throw new NotImplementedException("rotations: not written yet");
}
