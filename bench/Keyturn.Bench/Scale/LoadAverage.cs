using System.Globalization;

namespace Keyturn.Bench.Scale;

/// <summary>
/// The one-minute load average (/proc/loadavg): the report states it because start-up times on a small machine
/// shared with other work move by a second or more with it, while the figures that depend on data do not.
/// </summary>
public static class LoadAverage
{
    public static double OneMinute() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
