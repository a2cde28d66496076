using System.Globalization;

namespace Keyturn.Bench.Report;

/// <summary>How figures are written in the report, so every section writes them the same way.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Milliseconds(double ms) => ms switch
    {
        < 1 => (ms * 1000).ToString("F0", Invariant) + " µs",
        < 100 => ms.ToString("F2", Invariant) + " ms",
        _ => ms.ToString("F0", Invariant) + " ms",
    };

    public static string Milliseconds(TimeSpan time) => Milliseconds(time.TotalMilliseconds);

    public static string Rate(double perSecond) => perSecond >= 100 ? perSecond.ToString("N0", Invariant) : perSecond.ToString("F1", Invariant);

    public static string Ratio(double ratio) => ratio.ToString("F2", Invariant) + "×";

    public static string Percent(double fraction) => (fraction * 100).ToString("F1", Invariant) + " %";

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", Invariant) + " MiB";

    public static string Count(long n) => n.ToString("N0", Invariant);
}
