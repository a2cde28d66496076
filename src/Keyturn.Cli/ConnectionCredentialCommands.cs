using System.CommandLine;

namespace Keyturn.Cli;

/// <summary><c>keyturn connection rotate-credentials|credential-rotations</c>: a connection rotating its own secret.</summary>
internal static class ConnectionCredentialCommands
{
    public const string AzurePath = "api/v1/app-connections/azure";

    public static Command RotateCredentials(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var rotate = new Command("rotate-credentials", "The connection rotates its own client secret now (the previous one stays valid until the next time); exits 1 if it failed") { id };
        runner.SetApiAction(rotate, async (call, ct) =>
        {
            var response = await call.Api.PostAsync($"{AzurePath}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}/rotate-credentials", null, ct);
            call.Output.Write(response, body => ConnectionCommands.WriteConnection(call.Output, body["appConnection"]));
            return ExitCodes.Success;
        });
        return rotate;
    }

    public static Command CredentialRotations(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var history = new Command("credential-rotations", "List the connection's rotations of its own secret, newest first") { id };
        runner.SetApiAction(history, async (call, ct) =>
        {
            var response = await call.Api.GetAsync($"{AzurePath}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}/credential-rotations", ct);
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
