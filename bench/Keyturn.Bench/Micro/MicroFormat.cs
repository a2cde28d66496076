using System.Globalization;

namespace Keyturn.Bench.Micro;

/// <summary>
/// Micro figures are nanoseconds to a few hundred microseconds; Report.Format's millisecond formatting would print
/// most of them as "0 µs", so times here get their own unit steps; ratios too, because a cached read is a
/// fraction of a percent of its baseline and two decimals would print it as "0.00×".
/// </summary>
public static class MicroFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Time(double nanoseconds) => nanoseconds switch
    {
        < 10 => nanoseconds.ToString("F2", Invariant) + " ns",
        < 1_000 => nanoseconds.ToString("F1", Invariant) + " ns",
        < 10_000 => (nanoseconds / 1_000).ToString("F2", Invariant) + " µs",
        < 1_000_000 => (nanoseconds / 1_000).ToString("F1", Invariant) + " µs",
        _ => (nanoseconds / 1_000_000).ToString("F2", Invariant) + " ms",
    };

    /// <summary>Report.Format's two decimals, or two significant digits below 0.1 (0.0045×).</summary>
    public static string Ratio(double ratio) =>
        ratio is >= 0.1 or <= 0 || double.IsNaN(ratio) ? Keyturn.Bench.Report.Format.Ratio(ratio) : ratio.ToString("G2", Invariant) + "×";

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "n/a",
        < 1024 => bytes.Value.ToString(Invariant) + " B",
        _ => (bytes.Value / 1024.0).ToString("F2", Invariant) + " KiB",
    };
}
