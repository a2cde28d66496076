namespace Keyturn.Cli;

/// <summary>Space-aligned columns with an upper-case header, the <c>kubectl get</c> convention for pipes.</summary>
internal static class PlainTable
{
    private const string Gap = "  ";

    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var cells = rows.Select(r => r.Select(Flatten).ToArray()).ToList();
        var widths = headers.Select((h, i) => cells.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        WriteRow(writer, headers.Select(h => h.ToUpperInvariant()).ToArray(), widths);
        foreach (var row in cells)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> row, int[] widths)
    {
        var padded = row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]));
        writer.WriteLine(string.Join(Gap, padded).TrimEnd());
    }

    // A newline inside a cell would break the one-record-per-line promise, and an empty
    // cell would shift every later column for awk; "-" keeps the column count fixed.
    private static string Flatten(string cell) => cell.Length == 0 ? "-" : cell.ReplaceLineEndings(" ");
}
