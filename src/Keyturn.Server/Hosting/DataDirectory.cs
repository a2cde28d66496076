using System.Security.Cryptography;
using Keyturn.Core.Crypto;
using Keyturn.Core.Tokens;

namespace Keyturn.Server.Hosting;

/// <summary>
/// The server's own files. root.key and root.token are the only secrets kept in plain text there, readable by the
/// owner alone (0600), as with Vault's unseal material; everything else in the database is sealed.
/// </summary>
public static class DataDirectory
{
    public const string RootKeyFile = "root.key";
    public const string RootTokenFile = "root.token";
    public const string NodeIdFile = "node.id";
    public const string DatabaseFile = "keyturn.db";
    public const string LockFile = "server.lock";

    /// <summary>
    /// Claims the directory for this process until the returned handle is disposed (an flock the OS drops when the
    /// process dies). Two servers on one SQLite file would each trust a read cache the other's writes do not reach.
    /// </summary>
    public static IDisposable Lock(string directory)
    {
        var path = Path.Combine(directory, LockFile);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new IOException($"Another Keyturn server is using the data directory '{directory}' (it holds {LockFile}).");
        }
    }

    public static void Ensure(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static RootKey LoadRootKey(string directory, string? base64)
    {
        if (base64 is not null)
        {
            return new RootKey(DecodeKey(base64, "KEYTURN_ROOT_KEY"));
        }

        var path = Path.Combine(directory, RootKeyFile);
        var text = ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(RootKey.Size)));
        return new RootKey(DecodeKey(text, path));
    }

    public static string LoadRootToken(string directory, string? token) =>
        token ?? ReadOrCreate(Path.Combine(directory, RootTokenFile), ApiTokens.Generate);

    /// <summary>
    /// Creates the SQLite file empty and owner-only before SQLite opens it: SQLite gives its -wal and -shm files the
    /// database file's mode, so all three stay private (the values are sealed; their names and ids are not).
    /// </summary>
    public static void EnsurePrivateDatabaseFile(string path)
    {
        if (!File.Exists(path))
        {
            ReadOrCreate(path, () => "");
        }
    }

    /// <summary>A stable name for this node's leases, so a restart reclaims what it held.</summary>
    public static string LoadNodeId(string directory) =>
        ReadOrCreate(Path.Combine(directory, NodeIdFile), () => $"{Environment.MachineName}-{Guid.NewGuid():N}");

    private static byte[] DecodeKey(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The root key from {source} is not valid base64.");
        }

        return key.Length == RootKey.Size
            ? key
            : throw new InvalidOperationException($"The root key from {source} must decode to {RootKey.Size} bytes, not {key.Length}.");
    }

    private static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var value = create();
        // CreateNew with the mode set at creation: the file is never readable by others, not even briefly.
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(value);
        }

        return value;
    }
}
