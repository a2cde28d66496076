namespace Keyturn.Bench.Rotations;

/// <summary>Everything measured for one side: its timed runs taken together and the provider calls they made.</summary>
/// <param name="Parts">The timed runs <paramref name="Run"/> adds up (the two halves of the palindrome), to show how far they agree.</param>
public sealed record SideMeasurement(string Name, RunResult Run, ProviderCalls Calls, IReadOnlyList<RunResult> Parts)
{
    public LatencyStats Latency { get; } = LatencyStats.From([.. Run.LatenciesMs]);

    public double CallsPerRotation(int calls) => (double)calls / Run.Rotations;
}
