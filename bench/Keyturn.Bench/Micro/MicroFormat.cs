using System.Globalization;

namespace Keyturn.Bench.Micro;

/// <summary>
/// Micro figures are nanoseconds to a few hundred microseconds; Report.Format's millisecond formatting would print
/// most of them as "0 µs", so times here get their own unit steps. Ratios use Report.Format.
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

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "n/a",
        < 1024 => bytes.Value.ToString(Invariant) + " B",
        _ => (bytes.Value / 1024.0).ToString("F2", Invariant) + " KiB",
    };
}
