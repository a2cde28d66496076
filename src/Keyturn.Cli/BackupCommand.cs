using System.CommandLine;
using Keyturn.Server.Hosting;
using Keyturn.Storage;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn backup</c>: a consistent copy of a server's SQLite database, safe while the server runs. The copy holds
/// only sealed values and token hashes; root.key and root.token are never in it (docs/operations.md).
/// </summary>
internal static class BackupCommand
{
    public static Command Build(CliContext context)
    {
        var dataDir = DataDirectoryOption.Create("The server's data directory (the one holding keyturn.db)");
        var output = new Option<string>("--out") { Description = "File to write the backup to (created owner-only, 0600)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace --out if it exists" };
        var command = new Command("backup", "Copy the SQLite database of a (running or stopped) server to a file; the root key is not included") { dataDir, output, force };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetRequiredValue(dataDir));
            var database = Path.Combine(directory, DataDirectory.DatabaseFile);
            var target = Path.GetFullPath(parse.GetRequiredValue(output));
            var check = SqliteDatabaseFile.Inspect(database);
            if (check.Problem is not null)
            {
                return Fail(context, $"cannot back up: {check.Problem} (for PostgreSQL use pg_dump, see docs/operations.md)");
            }

            if (File.Exists(target) && !parse.GetValue(force))
            {
                return Fail(context, $"'{target}' exists; pass --force to replace it");
            }

            // Written beside the target and renamed: a failed or interrupted backup never leaves a half file under its name.
            var partial = $"{target}.partial-{Guid.NewGuid():N}";
            try
            {
                DataDirectoryOption.CreatePrivateFile(partial).Dispose();
                SqliteDatabaseFile.Copy(database, partial);
                var copied = SqliteDatabaseFile.Inspect(partial);
                if (copied.Problem is not null)
                {
                    return Fail(context, $"the copy did not check out: {copied.Problem}");
                }

                File.Move(partial, target, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }

            context.Error.WriteLine($"Backed up {database} (schema version {check.SchemaVersion}) to {target}.");
            context.Error.WriteLine($"The backup does not contain the root key: keep {DataDirectory.RootKeyFile} (or KEYTURN_ROOT_KEY) safe separately; without it the backup cannot be opened.");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"error: {message}");
        return ExitCodes.Failure;
    }
}
