using System.Security.Cryptography;
using Keyturn.Core.Crypto;
using Keyturn.Core.Storage;
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

    /// <summary>
    /// The root key from KEYTURN_ROOT_KEY or root.key, for tools that open an existing installation. Never creates one:
    /// a missing key here means the installation's secrets cannot be opened.
    /// </summary>
    public static RootKey LoadRootKey(string directory, string? base64)
    {
        if (base64 is not null)
        {
            return new RootKey(DecodeKey(base64, "KEYTURN_ROOT_KEY"));
        }

        var path = Path.Combine(directory, RootKeyFile);
        return File.Exists(path)
            ? new RootKey(DecodeKey(File.ReadAllText(path), path))
            : throw new InvalidOperationException(MissingRootKeyMessage(directory));
    }

    /// <summary>
    /// The root key from KEYTURN_ROOT_KEY or root.key. On a fresh SQLite install, a new key written to root.key before
    /// the database exists. With the database elsewhere (PostgreSQL), a new key NOT yet on disk: save it with
    /// <see cref="SaveNewRootKeyAsync"/> once the database is known to hold no data keys.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// No key, but the directory holds a SQLite database (a restore without its root.key): a new key would not open
    /// it, and written into the directory it would stand in for the real one, so the start is refused instead.
    /// </exception>
    public static LoadedRootKey LoadOrGenerateRootKey(string directory, string? base64, bool sqliteInDirectory)
    {
        var path = Path.Combine(directory, RootKeyFile);
        if (base64 is not null || File.Exists(path))
        {
            return new LoadedRootKey(LoadRootKey(directory, base64), IsNew: false);
        }

        var generated = new RootKey(RandomNumberGenerator.GetBytes(RootKey.Size));
        if (!sqliteInDirectory)
        {
            return new LoadedRootKey(generated, IsNew: true);
        }

        if (HoldsDatabase(directory))
        {
            throw new InvalidOperationException(MissingRootKeyMessage(directory));
        }

        // No database yet: the key goes to disk before one exists, so no crash can leave data keys without it.
        WriteRootKeyFile(path, generated);
        return new LoadedRootKey(generated, IsNew: false);
    }

    /// <summary>
    /// Writes a newly generated root key to root.key (0600), unless the database already holds data keys: then they
    /// were wrapped by a key this directory does not have (PostgreSQL shared by another node, or a restore), and the
    /// start is refused without writing anything.
    /// </summary>
    public static async Task SaveNewRootKeyAsync(LoadedRootKey loaded, string directory, IDataKeyStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(store);
        if (!loaded.IsNew)
        {
            return;
        }

        if (await store.GetWrappedDataKeyAsync(SealContext.ConnectionsScope, cancellationToken) is not null)
        {
            throw new InvalidOperationException(MissingRootKeyMessage(directory));
        }

        WriteRootKeyFile(Path.Combine(directory, RootKeyFile), loaded.Key);
    }

    /// <summary>Writes <paramref name="key"/> to a new file (CreateNew, 0600 from the start); fails if it exists.</summary>
    public static void WriteRootKeyFile(string path, RootKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        WriteNew(path, key.ToBase64());
    }

    /// <summary>True when the directory holds a SQLite database with content (an empty file is a fresh install's).</summary>
    public static bool HoldsDatabase(string directory) =>
        new[] { DatabaseFile, DatabaseFile + "-wal" }.Any(name => new FileInfo(Path.Combine(directory, name)) is { Exists: true, Length: > 0 });

    public static string MissingRootKeyMessage(string directory) =>
        $"The data directory '{directory}' holds a Keyturn database but no {RootKeyFile}, and KEYTURN_ROOT_KEY is not set: " +
        $"copy the {RootKeyFile} that belongs to this database into the directory (mode 0600) or set KEYTURN_ROOT_KEY to it " +
        "(see docs/operations.md). No new key was created: it could not open the stored secrets.";

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
        WriteNew(path, value);
        return value;
    }

    private static void WriteNew(string path, string value)
    {
        // CreateNew with the mode set at creation: the file is never readable by others, not even briefly.
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, fileOptions);
        using var writer = new StreamWriter(stream);
        writer.Write(value);
        writer.Flush();
        // A root key lost to a power cut after its data keys were committed would strand every secret.
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>A root key, and whether it was generated just now (a fresh install) and still has to be saved.</summary>
public sealed record LoadedRootKey(RootKey Key, bool IsNew);
