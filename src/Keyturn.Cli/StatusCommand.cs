using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>
/// <c>keyturn status</c>: is the server reachable (GET /healthz, no token), which version it runs and who the token is
/// (GET /api/v1/auth/token/self). Exit 0 when all three answered; 1 with one line when the server cannot be reached or
/// refuses the token; 2 when there is no token to ask with.
/// </summary>
internal static class StatusCommand
{
    public static Command Build(CommandRunner runner)
    {
        var status = new Command("status", "Show whether the server is reachable, its version and who the token in use is");
        runner.SetAnonymousAction(status, async (parse, output, ct) =>
        {
            var address = runner.Globals.ReadAddress(parse, runner.Context, StoredLogin.Load(runner.Context)?.Address);
            using (var anonymous = runner.OpenClient(parse, address, token: null))
            {
                // Throws ServerUnreachableException (one line, exit 1) when nothing answers.
                var health = await anonymous.SendAsync(HttpMethod.Get, "healthz", null, ct);
                if (!health.IsSuccess)
                {
                    runner.Context.Error.WriteLine($"error: {address.GetLeftPart(UriPartial.Authority)} answers but is not healthy: /healthz said {(int)health.Status} {health.ReasonPhrase}");
                    return ExitCodes.Failure;
                }
            }

            var server = await ServerCredentials.ResolveAsync(runner.Globals, parse, runner.Context, runner.HandlerFor(parse), TimeProvider.System, ct);
            using var api = runner.OpenClient(parse, server.Address, server.Token);
            var self = await api.GetAsync("api/v1/auth/token/self", ct);
            var json = self.Json;
            var summary = new JsonObject
            {
                ["address"] = server.Address.AbsoluteUri,
                ["reachable"] = true,
                ["serverVersion"] = json["serverVersion"]?.DeepClone(),
                ["token"] = json.DeepClone(),
            };
            output.Write(new ApiResponse(HttpStatusCode.OK, null, summary.ToJsonString()), _ => output.WriteFields(
            [
                ("server", $"{server.Address.AbsoluteUri} (reachable)"),
                ("version", JsonText.Of(json, "serverVersion")),
                ("token", Identity(json)),
            ]));
            return ExitCodes.Success;
        });
        return status;
    }

    private static string Identity(JsonNode self) => JsonText.Of(self, "kind") == "identity"
        ? $"identity {JsonText.Of(self, "identity", "id")} ({JsonText.Of(self, "identity", "name")})"
        : $"API token '{JsonText.Of(self, "tokenName")}'";
}
