namespace Keyturn.Bench.Scale;

/// <summary>Order statistics of a set of measurements (nearest-rank percentiles: p99 of 200 samples is the second largest).</summary>
public sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> values)
    {
        _sorted = [.. values.Order()];
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("A distribution needs at least one value.", nameof(values));
        }
    }

    public int Count => _sorted.Length;

    public double Median => Percentile(50);

    public double Max => _sorted[^1];

    public double Percentile(double p)
    {
        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}
