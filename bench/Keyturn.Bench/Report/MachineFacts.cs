using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Keyturn.Bench.Report;

/// <summary>The machine a run was measured on: figures from different machines are not comparable.</summary>
public sealed record MachineFacts(IReadOnlyList<(string Name, string Value)> Facts)
{
    public static MachineFacts Read(string repoRoot, string? postgresVersion)
    {
        var facts = new List<(string, string)>
        {
            ("CPU", CpuModel()),
            ("Cores (logical)", Environment.ProcessorCount.ToString()),
            ("Memory", MemoryTotal()),
            ("OS", File.Exists("/proc/sys/kernel/osrelease") ? $"{OsName()}, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}" : OsName()),
            (".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})"),
            ("GC", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation"),
            ("Load generator", Command("wrk", "-v") is { Length: > 0 } wrk ? wrk.Split('\n')[0].Trim() : "wrk not found"),
            ("PostgreSQL", postgresVersion ?? "not available in this run"),
            ("Commit", Command("git", $"-C \"{repoRoot}\" rev-parse --short HEAD")?.Trim() is { Length: > 0 } c ? c + (IsDirty(repoRoot) ? " (with uncommitted changes)" : "") : "unknown"),
        };
        return new MachineFacts(facts);
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    private static string MemoryTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        if (line is null || !long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kib))
        {
            return "unknown";
        }

        return $"{kib / 1024.0 / 1024.0:F1} GiB";
    }

    private static string OsName()
    {
        var line = File.Exists("/etc/os-release") ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) : null;
        return line?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
    }

    private static bool IsDirty(string repoRoot) =>
        !string.IsNullOrWhiteSpace(Command("git", $"-C \"{repoRoot}\" status --porcelain --untracked-files=no -- src bench"));

    /// <summary>Runs a short command and returns its stdout and stderr, or null when it cannot run.</summary>
    private static string? Command(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
