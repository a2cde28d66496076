namespace Keyturn.Server.Hosting;

/// <summary>
/// Makes sure the data directory can be used before anything reads from it, with one line that names it when it
/// cannot: a path that is a file, or under one; a directory that cannot be created or listed. An unlistable
/// directory must fail here: every file in it would look absent, and a start would go on as on a fresh install.
/// </summary>
public static class DataDirectoryAccess
{
    /// <exception cref="InvalidOperationException">The directory cannot be used; the message says why.</exception>
    public static void EnsureUsable(string directory)
    {
        if (File.Exists(directory))
        {
            throw new InvalidOperationException($"The data directory '{directory}' (--data-dir) is a file, not a directory.");
        }

        for (var parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new InvalidOperationException($"The data directory '{directory}' (--data-dir) cannot be created: '{parent}' is a file, not a directory.");
            }
        }

        try
        {
            DataDirectory.Ensure(directory);
            _ = Directory.EnumerateFileSystemEntries(directory).Any();
        }
        catch (UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The data directory '{directory}' (--data-dir) cannot be read or created: permission denied for user '{Environment.UserName}' (it must own the directory, mode 0700).");
        }
        catch (IOException e)
        {
            // "Not a directory" when a parent is a file, a read-only file system, and the like.
            throw new InvalidOperationException($"The data directory '{directory}' (--data-dir) cannot be used: {e.Message}");
        }
    }
}
