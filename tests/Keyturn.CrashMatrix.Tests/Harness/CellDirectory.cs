namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>A cell's own temporary directory (data directory, target file), deleted when the cell ends.</summary>
public sealed class CellDirectory : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("keyturn-crash-").FullName;

    public string Data => Path.Combine(Root, "data");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
