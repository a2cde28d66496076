namespace Keyturn.Providers.Script;

/// <summary>
/// The only place scripts run from (--scripts-dir, default DATA_DIR/scripts). An operator puts files there; the API
/// only names them, so API access cannot make the server run a program the operator did not place.
/// </summary>
public sealed class ScriptsDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>
    /// The script's real path (symlinks resolved) when it is a file inside the directory; otherwise null and the rule
    /// broken. Checked at create and again right before every run, so a link swapped in later is refused too.
    /// </summary>
    public string? Resolve(string name, out string rule)
    {
        rule = "";
        if (name.Length == 0 || name.Length > 255 || name.Contains('\0') || System.IO.Path.IsPathRooted(name))
        {
            rule = "must be the name of a file in the server's scripts directory, relative to it";
            return null;
        }

        if (NativeProcess.RealPath(Path) is not { } root)
        {
            rule = $"cannot be run: the server's scripts directory {Path} does not exist";
            return null;
        }

        var real = NativeProcess.RealPath(System.IO.Path.Combine(Path, name));
        if (real is null || !File.Exists(real))
        {
            rule = $"must name an existing file in the server's scripts directory ({Path})";
            return null;
        }

        if (!real.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            rule = $"resolves outside the server's scripts directory ({Path}); '..' and symlinks that leave it are refused";
            return null;
        }

        return real;
    }
}
