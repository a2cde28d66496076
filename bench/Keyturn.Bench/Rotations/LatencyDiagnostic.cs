namespace Keyturn.Bench.Rotations;

/// <summary>Both sides measured again with a fixed delay added to every provider request by the emulator.</summary>
public sealed record LatencyDiagnostic(TimeSpan AddedPerCall, SideMeasurement Baseline, SideMeasurement Engine)
{
    public double Overhead => Engine.Latency.MeanMs / Baseline.Latency.MeanMs - 1;
}
