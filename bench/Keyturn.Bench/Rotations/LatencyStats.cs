namespace Keyturn.Bench.Rotations;

/// <summary>Mean and percentiles of per-rotation times, in milliseconds.</summary>
public sealed record LatencyStats(int Count, double MeanMs, double P50Ms, double P99Ms, double MaxMs)
{
    public static LatencyStats From(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("No samples.", nameof(milliseconds));
        }

        var sorted = milliseconds.Order().ToArray();
        return new LatencyStats(sorted.Length, sorted.Average(), Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Nearest rank: with 500 samples p99 is the 495th, so one slow outlier alone does not decide it.</summary>
    private static double Percentile(double[] sorted, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
