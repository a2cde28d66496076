namespace Keyturn.Bench.Micro;

/// <summary>
/// The difference between two rows of one run, for the notes. A step is a difference of two means given with the
/// two errors combined: on a busy machine a step smaller than its error says nothing, and is marked so.
/// </summary>
public static class MicroSteps
{
    public static MicroRow Find(IReadOnlyList<MicroRow> rows, string method) =>
        rows.SingleOrDefault(r => r.Method == method) ?? throw new InvalidOperationException($"micro: no result for {method}.");

    public static string Step(MicroRow to, MicroRow from)
    {
        var delta = to.Mean - from.Mean;
        var error = Math.Sqrt((to.Error * to.Error) + (from.Error * from.Error));
        var step = $"{Signed(delta, MicroFormat.Time)} ± {MicroFormat.Time(error)}";
        return Math.Abs(delta) < error ? step + " (within noise)" : step;
    }

    /// <summary>One row's mean with its error.</summary>
    public static string Time(MicroRow row) => $"{MicroFormat.Time(row.Mean)} ± {MicroFormat.Time(row.Error)}";

    public static string Allocated(MicroRow to, MicroRow from) =>
        to.AllocatedBytes is { } a && from.AllocatedBytes is { } b ? $"{Signed(a - b, d => MicroFormat.Bytes((long)d))} allocated" : "unknown allocations";

    private static string Signed(double value, Func<double, string> format) => (value < 0 ? "−" : "+") + format(Math.Abs(value));
}
