using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn run --project-id P --env dev --path /api -- ./my-app args</c>: starts the command with the folder's secrets
/// added to its environment. Values travel only in the child's environment, never on a command line or in output.
/// </summary>
internal static class RunCommand
{
    public static Command Build(CommandRunner runner)
    {
        var location = new SecretCommands.Location();
        var command = new Argument<string[]>("COMMAND") { Description = "The program and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var run = new Command("run", "Run a command with a folder's secrets as environment variables (its exit code is passed back)") { command };
        location.AddTo(run);
        runner.SetApiAction(run, async (call, ct) =>
        {
            var secrets = await FolderSecrets.ReadAsync(call, location, ct);
            return await ChildProcess.RunAsync(call.Parse.GetRequiredValue(command), environment =>
            {
                // The child gets its secrets, not Keyturn's own credential.
                environment.Remove(GlobalOptions.TokenVariable);
                foreach (var (key, value) in secrets)
                {
                    if (environment.ContainsKey(key))
                    {
                        call.Context.Error.WriteLine($"keyturn run: secret {key} replaces the environment variable of the same name");
                    }

                    environment[key] = value;
                }
            });
        });
        return run;
    }
}
