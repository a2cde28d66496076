namespace Keyturn.Bench.Support;

/// <summary>CPU time (user + system) a process has used so far, from /proc/PID/stat.</summary>
public static class ProcessCpu
{
    // Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
    private const double TicksPerSecond = 100;

    public static TimeSpan Used(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may contain spaces; fields after its closing parenthesis are plain.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11]);
        var stime = long.Parse(fields[12]);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }
}
