using System.CommandLine;
using Keyturn.Core.Crypto;
using Keyturn.Server.Hosting;
using Keyturn.Storage;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn root-key rotate</c>: a new root key for a stopped installation. Every data key is rewrapped in one
/// transaction; the secrets themselves are not touched. See docs/operations.md.
/// </summary>
internal static class RootKeyCommands
{
    public const string OldKeyFile = DataDirectory.RootKeyFile + ".old";
    public const string NewKeyFile = DataDirectory.RootKeyFile + ".new";

    public static Command Build(CliContext context)
    {
        var dataDir = DataDirectoryOption.Create("The server's data directory (holding root.key, and keyturn.db unless --postgres)");
        var postgres = new Option<string?>("--postgres")
        {
            Description = "The installation's PostgreSQL connection string, when it uses one (env KEYTURN_POSTGRES); stop every node first",
            DefaultValueFactory = _ => context.GetEnvironmentVariable("KEYTURN_POSTGRES"),
        };
        var rotate = new Command("rotate", "Generate a new root key and rewrap every data key with it (server stopped); the old key is kept as root.key.old") { dataDir, postgres };
        rotate.SetAction((parse, ct) => RotateAsync(context, Path.GetFullPath(parse.GetRequiredValue(dataDir)), parse.GetValue(postgres), ct));
        return new Command("root-key", "Manage the root key that wraps the data keys") { rotate };
    }

    private static async Task<int> RotateAsync(CliContext context, string directory, string? postgres, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            return BackupCommand.Fail(context, $"the data directory '{directory}' does not exist");
        }

        var fromEnvironment = context.GetEnvironmentVariable("KEYTURN_ROOT_KEY") is { Length: > 0 } base64 ? base64 : null;
        var keyPath = Path.Combine(directory, DataDirectory.RootKeyFile);
        var oldPath = Path.Combine(directory, OldKeyFile);
        var newPath = Path.Combine(directory, NewKeyFile);
        var sqlite = postgres is not { Length: > 0 };
        try
        {
            // The server's own lock: a running server caches unwrapped data keys and would go on wrapping new ones
            // with the old root key.
            using var directoryLock = LockStopped(directory);
            var oldKey = DataDirectory.LoadRootKey(directory, fromEnvironment);
            if (sqlite && !DataDirectory.HoldsDatabase(directory))
            {
                return BackupCommand.Fail(context, $"'{directory}' holds no {DataDirectory.DatabaseFile}; nothing to rotate");
            }

            if (fromEnvironment is null && (File.Exists(oldPath) || File.Exists(newPath)))
            {
                return BackupCommand.Fail(context, File.Exists(newPath)
                    ? $"{newPath} exists: an earlier rotation was interrupted. If the server does not start with {DataDirectory.RootKeyFile}, that rotation committed: move {NewKeyFile} to {DataDirectory.RootKeyFile}; otherwise delete {NewKeyFile}. Then rotate again."
                    : $"{oldPath} exists from an earlier rotation: once the server has started with the current {DataDirectory.RootKeyFile}, delete {OldKeyFile}, then rotate again.");
            }

            var storage = sqlite ? KeyturnStoreFactory.ForSqliteFile(Path.Combine(directory, DataDirectory.DatabaseFile)) : new StorageOptions(KeyturnStoreFactory.Postgres, postgres!);
            await using var store = KeyturnStoreFactory.Create(storage);
            await store.InitializeAsync(ct);
            var newKey = RootKey.Generate();
            if (fromEnvironment is null)
            {
                // On disk (fsync'd) before the commit: a crash after it must not leave data keys under a key nobody has.
                DataDirectory.WriteRootKeyFile(newPath, newKey);
            }

            int count;
            try
            {
                count = await RootKeyRotation.RewrapAsync(oldKey, newKey, store, ct);
            }
            catch
            {
                File.Delete(newPath);
                throw;
            }

            await RootKeyRotationAudit.RecordAsync(store, count, fromEnvironment is not null, ct);
            if (fromEnvironment is not null)
            {
                context.Out.WriteLine(newKey.ToBase64());
                context.Error.WriteLine($"Rewrapped {count} data keys. The new root key is printed above, once: set KEYTURN_ROOT_KEY to it before starting the server. The old key no longer opens this database.");
                return ExitCodes.Success;
            }

            DataDirectory.WriteRootKeyFile(oldPath, oldKey);
            File.Move(newPath, keyPath, overwrite: true); // rename(2): root.key is the old key or the new, never missing
            context.Error.WriteLine($"Rewrapped {count} data keys under a new root key in {keyPath}. The old key is in {oldPath}: delete it once the server runs (back up the new {DataDirectory.RootKeyFile} first).");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            return BackupCommand.Fail(context, e.Message);
        }
    }

    private static IDisposable LockStopped(string directory)
    {
        try
        {
            return DataDirectory.Lock(directory);
        }
        catch (IOException)
        {
            throw new IOException($"A Keyturn server is running on '{directory}': stop it (and every other node on the same database) before rotating the root key.");
        }
    }
}
