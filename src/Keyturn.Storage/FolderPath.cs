namespace Keyturn.Storage;

/// <summary>Folder paths are stored normalised ("/" or "/a/b") so one folder cannot exist under two spellings.</summary>
internal static class FolderPath
{
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return "/" + string.Join('/', segments);
    }
}
