namespace Keyturn.Bench;

/// <summary>What every section gets: where things are, how long to measure, and where to say what it is doing.</summary>
public sealed class BenchContext(string repoRoot, string keyturnExecutable, string workDirectory, bool quick, string? postgres)
{
    /// <summary>The repository root (docs/, bench/).</summary>
    public string RepoRoot { get; } = repoRoot;

    /// <summary>The Release-built `keyturn` executable that real server processes run from.</summary>
    public string KeyturnExecutable { get; } = keyturnExecutable;

    /// <summary>A scratch directory for this run, deleted at the end.</summary>
    public string WorkDirectory { get; } = workDirectory;

    /// <summary>
    /// Short durations and small data sets: for checking that the harness works, not for numbers. The report says
    /// so in its header.
    /// </summary>
    public bool Quick { get; } = quick;

    /// <summary>An Npgsql connection string to a server the run may create databases on, or null when none is available.</summary>
    public string? Postgres { get; } = postgres;

    /// <summary>A fresh directory under the work directory.</summary>
    public string NewDirectory(string name)
    {
        var path = Path.Combine(WorkDirectory, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Progress goes to stderr so stdout stays clean.</summary>
    public void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
