using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>The --data-dir option of the commands that work on a server's files (backup, restore, root-key rotate).</summary>
internal static class DataDirectoryOption
{
    public static Option<string> Create(string description) => new("--data-dir")
    {
        Description = description,
        Required = true,
    };

    /// <summary>Files are written owner-only from the moment they exist (CreateNew with the mode), never chmod-ed after.</summary>
    public static FileStream CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
