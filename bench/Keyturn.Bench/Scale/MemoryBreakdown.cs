using System.Globalization;

namespace Keyturn.Bench.Scale;

/// <summary>
/// Resident memory split as the kernel reports it in /proc/PID/status: anonymous (GC heap, native allocations,
/// SQLite's page cache) against file-backed (mapped assemblies and native libraries), which tells where memory went.
/// </summary>
public sealed record MemoryBreakdown(long Resident, long Anonymous, long FileBacked)
{
    public static MemoryBreakdown Read(int pid)
    {
        long Field(IEnumerable<string> lines, string name) => lines
            .Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024)
            .DefaultIfEmpty(0)
            .First();

        var status = File.ReadAllLines($"/proc/{pid}/status");
        return new MemoryBreakdown(Field(status, "VmRSS"), Field(status, "RssAnon"), Field(status, "RssFile"));
    }
}
