namespace Keyturn.Bench.Report;

/// <summary>What a section measured: its tables, the targets it checks and notes (method, caveats, profile findings).</summary>
public sealed record SectionReport(
    string Title,
    string Method,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<TargetResult> Targets,
    IReadOnlyList<string> Notes);

/// <summary>A markdown table; every row has as many cells as the header.</summary>
public sealed record ReportTable(string? Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>One target from the issue, e.g. "p99 at concurrency 16" measured "3.1 ms" against "under 5 ms".</summary>
public sealed record TargetResult(string Figure, string Measured, string Target, bool Met);
