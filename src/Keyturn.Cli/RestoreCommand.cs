using System.CommandLine;
using Keyturn.Server.Hosting;
using Keyturn.Storage;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn restore</c>: lays a backup out as a new server's data directory. It does not bring a root key: the
/// server started there needs the one the backup's data keys were wrapped with, and refuses to start (creating
/// nothing) until it has it.
/// </summary>
internal static class RestoreCommand
{
    public static Command Build(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "The backup file (from `keyturn backup`)", Required = true };
        var dataDir = DataDirectoryOption.Create("The new data directory; must not exist or be empty");
        var command = new Command("restore", "Make a new server data directory from a backup; the server then needs the same root key") { from, dataDir };
        command.SetAction(parse =>
        {
            var source = Path.GetFullPath(parse.GetRequiredValue(from));
            var directory = Path.GetFullPath(parse.GetRequiredValue(dataDir));
            var check = SqliteDatabaseFile.Inspect(source);
            if (check.Problem is not null)
            {
                return BackupCommand.Fail(context, $"cannot restore: {check.Problem}");
            }

            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                return BackupCommand.Fail(context, $"'{directory}' is not empty; restore into a new or empty directory");
            }

            DataDirectory.Ensure(directory);
            var database = Path.Combine(directory, DataDirectory.DatabaseFile);
            DataDirectoryOption.CreatePrivateFile(database).Dispose();
            try
            {
                SqliteDatabaseFile.Copy(source, database);
            }
            catch
            {
                File.Delete(database);
                throw;
            }

            context.Error.WriteLine($"Restored {source} (schema version {check.SchemaVersion}) into {database}.");
            if (check.SchemaVersion < SqliteDatabaseFile.LatestSchemaVersion)
            {
                context.Error.WriteLine($"The server will upgrade it from schema version {check.SchemaVersion} to {SqliteDatabaseFile.LatestSchemaVersion} when it starts.");
            }

            context.Error.WriteLine($"Before starting the server, copy the {DataDirectory.RootKeyFile} that belongs to this backup into {directory} (mode 0600) or set KEYTURN_ROOT_KEY; without it the server refuses to start.");
            return ExitCodes.Success;
        });
        return command;
    }
}
