using Keyturn.Bench.Report;

namespace Keyturn.Bench.Micro;

/// <summary>Renders one benchmark class's rows as a report table; the first column names the group when it has several.</summary>
public static class MicroTable
{
    public static ReportTable Render(string caption, IReadOnlyList<MicroRow> rows)
    {
        var grouped = rows.Any(r => r.Group.Length > 0);
        IReadOnlyList<string> header = [.. grouped ? ["Operation"] : Array.Empty<string>(),
            "Benchmark", "Mean", "Error (99.9 %)", "StdDev", "P95", "Allocated", "Ratio"];
        return new ReportTable(caption, header, [.. rows.Select(r => (IReadOnlyList<string>)[
            .. grouped ? [r.Group] : Array.Empty<string>(),
            r.IsBaseline ? $"{r.Description} (baseline)" : r.Description,
            MicroFormat.Time(r.Mean),
            "± " + MicroFormat.Time(r.Error),
            MicroFormat.Time(r.StdDev),
            MicroFormat.Time(r.P95),
            MicroFormat.Bytes(r.AllocatedBytes),
            MicroFormat.Ratio(r.Ratio)])]);
    }
}
