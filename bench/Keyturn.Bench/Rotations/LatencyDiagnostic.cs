namespace Keyturn.Bench.Rotations;

/// <summary>
/// The sides measured again with a fixed delay added to every provider request by the emulator; the engine on tmpfs
/// too when there is one, to tell the time it waits for the disk from the rest.
/// </summary>
public sealed record LatencyDiagnostic(TimeSpan AddedPerCall, SideMeasurement Baseline, SideMeasurement Engine, SideMeasurement? MemoryEngine = null)
{
    public double Overhead => Engine.Latency.MeanMs / Baseline.Latency.MeanMs - 1;
}
