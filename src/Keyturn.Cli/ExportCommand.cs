using System.CommandLine;

namespace Keyturn.Cli;

/// <summary><c>keyturn export</c>: a folder's secrets as dotenv, JSON or YAML on stdout.</summary>
internal static class ExportCommand
{
    public static Command Build(CommandRunner runner)
    {
        var location = new SecretCommands.Location();
        var format = new Option<string>("--format") { Description = "dotenv, json or yaml", DefaultValueFactory = _ => "dotenv" }
            .AcceptOnlyFromAmong(SecretFormats.Names);
        var export = new Command("export", "Print a folder's secrets as dotenv, json or yaml (values in the clear: redirect to a private file)");
        location.AddTo(export);
        export.Add(format);
        runner.SetApiAction(export, async (call, ct) =>
        {
            var secrets = await FolderSecrets.ReadAsync(call, location, ct);
            call.Context.Out.Write(SecretFormats.Write(call.Parse.GetRequiredValue(format), secrets));
            return ExitCodes.Success;
        });
        return export;
    }
}
