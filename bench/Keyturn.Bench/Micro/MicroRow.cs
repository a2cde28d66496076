namespace Keyturn.Bench.Micro;

/// <summary>
/// One benchmark's figures, in nanoseconds per operation. <see cref="Error"/> is BenchmarkDotNet's: half the 99.9 %
/// confidence interval of the mean. <see cref="Ratio"/> is this mean over the mean of its group's baseline, both
/// measured in the same run.
/// </summary>
public sealed record MicroRow(
    string Group,
    string Method,
    string Description,
    bool IsBaseline,
    double Mean,
    double Error,
    double StdDev,
    double P95,
    long? AllocatedBytes,
    double Ratio);
