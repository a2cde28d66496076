using System.CommandLine;

namespace Keyturn.Cli;

/// <summary><c>keyturn connection rotate-credentials|credential-rotations</c>: a connection rotating its own secret.</summary>
internal static class ConnectionCredentialCommands
{
    public static Command RotateCredentials(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var app = ConnectionLocator.AppOption();
        var rotate = new Command("rotate-credentials", "The connection rotates its own secret now (azure: the previous one stays valid until the next time; postgres, mysql: its password is replaced); exits 1 if it failed") { id, app };
        runner.SetApiAction(rotate, async (call, ct) =>
        {
            var response = await call.Api.PostAsync($"{await ConnectionLocator.PathOfAsync(call, app, id, ct)}/rotate-credentials", null, ct);
            call.Output.Write(response, body => ConnectionCommands.WriteConnection(call.Output, body["appConnection"]));
            return ExitCodes.Success;
        });
        return rotate;
    }

    public static Command CredentialRotations(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var app = ConnectionLocator.AppOption();
        var history = new Command("credential-rotations", "List the connection's rotations of its own secret, newest first, with what each changed") { id, app };
        var paging = new HistoryPaging();
        paging.AddTo(history);
        runner.SetApiAction(history, async (call, ct) =>
        {
            var path = $"{await ConnectionLocator.PathOfAsync(call, app, id, ct)}/credential-rotations";
            var response = await paging.FetchAsync(call, path, "credentialRotations", ct);
            call.Output.Write(response, body =>
            {
                call.Output.WriteTable(
                    ["JOB", "TRIGGER", "STATUS", "STARTED", "ENDED", "CHANGES", "MESSAGE"],
                    JsonText.Items(body, "credentialRotations").Select(j => (IReadOnlyList<string>)
                    [
                        JsonText.Of(j, "id"), JsonText.Of(j, "trigger"), JsonText.Of(j, "status"),
                        JsonText.Of(j, "startedAt"), JsonText.Of(j, "endedAt"), HistoryPaging.Changes(j), JsonText.Of(j, "message"),
                    ]));
                HistoryPaging.WriteMore(call, body);
            });
            return ExitCodes.Success;
        });
        return history;
    }
}
