namespace Keyturn.Bench.Rotations;

/// <summary>
/// A scratch directory on tmpfs (/dev/shm), where fsync returns at once: a Keyturn server with its SQLite file here
/// shows what the engine costs without waiting for the disk. Diagnostic only; deleted on dispose.
/// </summary>
public sealed class MemoryDirectory : IDisposable
{
    private const string Root = "/dev/shm";

    private MemoryDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when the machine has no tmpfs at /dev/shm (only Linux is looked at).</summary>
    public static MemoryDirectory? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var mounted = File.Exists("/proc/mounts")
            && File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Any(f => f.Length > 2 && f[1] == Root && f[2] == "tmpfs");
        if (!mounted)
        {
            return null;
        }

        var path = System.IO.Path.Combine(Root, $"keyturn-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new MemoryDirectory(path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort, like the harness's own work directory.
        }
    }
}
