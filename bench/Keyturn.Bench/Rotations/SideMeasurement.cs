namespace Keyturn.Bench.Rotations;

/// <summary>Everything measured for one side: its timed runs taken together and the provider calls they made.</summary>
public sealed record SideMeasurement(string Name, RunResult Run, ProviderCalls Calls)
{
    public LatencyStats Latency { get; } = LatencyStats.From([.. Run.LatenciesMs]);

    public double CallsPerRotation(int calls) => (double)calls / Run.Rotations;
}
