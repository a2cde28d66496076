using System.Runtime.InteropServices;

namespace Keyturn.Providers.Script;

/// <summary>
/// The two POSIX calls .NET does not offer: realpath(3), so a path is judged by where its symlinks lead, and kill(2) on
/// a process group, so a timeout ends every process a script started, not only the first.
/// </summary>
internal static class NativeProcess
{
    private const int SigKill = 9;

    /// <summary>The canonical absolute path with every symlink resolved; null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return File.Exists(path) || Directory.Exists(path) ? Path.GetFullPath(path) : null;
        }

        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>SIGKILL to every process in the group; a group already gone is not an error.</summary>
    public static void KillGroup(int processGroupId)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = kill(-processGroupId, SigKill);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
