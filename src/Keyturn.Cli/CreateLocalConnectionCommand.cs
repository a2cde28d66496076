using System.CommandLine;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn connection create local --name …</c>: the connection `script` and `rest-api` rotations use. It holds no
/// credentials (the server acts by itself); what authorises a change lives in secrets the rotation names.
/// </summary>
internal sealed class CreateLocalConnectionCommand : Command
{
    private const string LocalPath = "api/v1/app-connections/local";
    private readonly Option<string> name = new("--name") { Description = "Connection name", Required = true };
    private readonly Option<string?> description = new("--description") { Description = "Free text" };

    public CreateLocalConnectionCommand(CommandRunner runner)
        : base("local", "A connection for script and rest-api rotations, which the server runs itself (no credentials)")
    {
        Add(name);
        Add(description);
        runner.SetApiAction(this, async (call, ct) =>
        {
            var body = new JsonObject { ["name"] = call.Parse.GetRequiredValue(name), ["method"] = "none" };
            if (call.Parse.GetValue(description) is { } text)
            {
                body["description"] = text;
            }

            var response = await call.Api.PostAsync(LocalPath, body, ct);
            call.Output.Write(response, created => ConnectionCommands.WriteConnection(call.Output, created["appConnection"]));
            return ExitCodes.Success;
        });
    }
}
