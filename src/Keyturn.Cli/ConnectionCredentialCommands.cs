using System.CommandLine;

namespace Keyturn.Cli;

/// <summary><c>keyturn connection rotate-credentials|credential-rotations</c>: a connection rotating its own secret.</summary>
internal static class ConnectionCredentialCommands
{
    public const string AzurePath = "api/v1/app-connections/azure";

    /// <summary>--app: which family the connection is in (the API's path names it); azure when left out, as before.</summary>
    public static Option<string> AppOption() => new("--app") { Description = "App connection family: azure, postgres or mysql", DefaultValueFactory = _ => "azure" };

    public static string ConnectionPath(ParseResult parse, Option<string> app, Argument<string> id) =>
        $"api/v1/app-connections/{ApiPath.Segment(parse.GetRequiredValue(app))}/{ApiPath.Segment(parse.GetRequiredValue(id))}";

    public static Command RotateCredentials(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var app = AppOption();
        var rotate = new Command("rotate-credentials",
            "The connection rotates its own secret now (azure: the previous one stays valid until the next time; postgres, mysql: its password is replaced); exits 1 if it failed") { id, app };
        runner.SetApiAction(rotate, async (call, ct) =>
        {
            var response = await call.Api.PostAsync($"{ConnectionPath(call.Parse, app, id)}/rotate-credentials", null, ct);
            call.Output.Write(response, body => ConnectionCommands.WriteConnection(call.Output, body["appConnection"]));
            return ExitCodes.Success;
        });
        return rotate;
    }

    public static Command CredentialRotations(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var app = AppOption();
        var history = new Command("credential-rotations", "List the connection's rotations of its own secret, newest first") { id, app };
        runner.SetApiAction(history, async (call, ct) =>
        {
            var response = await call.Api.GetAsync($"{ConnectionPath(call.Parse, app, id)}/credential-rotations", ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["JOB", "TRIGGER", "STATUS", "STARTED", "ENDED", "MESSAGE"],
                JsonText.Items(body, "credentialRotations").Select(j => (IReadOnlyList<string>)
                [
                    JsonText.Of(j, "id"), JsonText.Of(j, "trigger"), JsonText.Of(j, "status"),
                    JsonText.Of(j, "startedAt"), JsonText.Of(j, "endedAt"), JsonText.Of(j, "message"),
                ])));
            return ExitCodes.Success;
        });
        return history;
    }
}
