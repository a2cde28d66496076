using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/identities/{id}/grants</c>.</summary>
internal sealed record IdentityGrantRequest(string Grant);

/// <summary><c>keyturn identity ...</c>: machine identities; here their installation-level grants (connection-admin).</summary>
internal static class IdentityCommands
{
    public static Command Build(CommandRunner runner)
    {
        var identity = new Command("identity", "Machine identities: create, list, get, delete, their client secrets and installation-level grants");
        foreach (var command in IdentityLifecycleCommands.Build(runner))
        {
            identity.Add(command);
        }

        identity.Add(IdentityClientSecretCommands.Build(runner));
        identity.Add(Grant(runner));
        identity.Add(RevokeGrant(runner));
        return identity;
    }

    private static Argument<string> IdArgument() => new("ID") { Description = "Identity id" };

    private static Argument<string> GrantArgument() => new Argument<string>("GRANT") { Description = "connection-admin" }.AcceptOnlyFromAmong("connection-admin");

    private static string PathOf(string identityId) => $"api/v1/identities/{ApiPath.Segment(identityId)}/grants";

    private static Command Grant(CommandRunner runner)
    {
        var (id, grant) = (IdArgument(), GrantArgument());
        var command = new Command("grant", "Give an identity an installation-level grant") { id, grant };
        runner.SetApiAction(command, async (call, ct) =>
        {
            var response = await call.Api.PostAsync(PathOf(call.Parse.GetRequiredValue(id)), new IdentityGrantRequest(call.Parse.GetRequiredValue(grant)), ct);
            call.Output.Write(response, body => call.Output.WriteLine($"grants: {Grants(body)}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeGrant(CommandRunner runner)
    {
        var (id, grant) = (IdArgument(), GrantArgument());
        var command = new Command("revoke-grant", "Take an installation-level grant away from an identity") { id, grant };
        runner.SetApiAction(command, async (call, ct) =>
        {
            var response = await call.Api.DeleteAsync($"{PathOf(call.Parse.GetRequiredValue(id))}/{ApiPath.Segment(call.Parse.GetRequiredValue(grant))}", ct);
            call.Output.Write(response, body => call.Output.WriteLine($"grants: {Grants(body)}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Grants(System.Text.Json.Nodes.JsonNode? body) =>
        body?["grants"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } grants ? string.Join(",", grants.Select(g => g?.GetValue<string>())) : "(none)";
}
