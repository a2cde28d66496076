using System.CommandLine;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/identities</c>; null TTLs take the server's defaults.</summary>
internal sealed record CreateIdentityRequest(
    string Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("accessTokenTTL")] int? AccessTokenTtl,
    [property: System.Text.Json.Serialization.JsonPropertyName("accessTokenMaxTTL")] int? AccessTokenMaxTtl);

/// <summary><c>keyturn identity create|list|get|delete</c>: machine identities (API tokens only may manage them).</summary>
internal static class IdentityLifecycleCommands
{
    private const string BasePath = "api/v1/identities";

    public static IEnumerable<Command> Build(CommandRunner runner) => [Create(runner), List(runner), Get(runner), Delete(runner)];

    private static Command Create(CommandRunner runner)
    {
        var name = new Option<string>("--name") { Description = "Identity name", Required = true };
        var ttl = new Option<int?>("--access-token-ttl") { Description = "Seconds a login's token lives [default: the server's]" };
        var maxTtl = new Option<int?>("--access-token-max-ttl") { Description = "Seconds after login that renewals may carry a token [default: the server's]" };
        var create = new Command("create", "Create a machine identity (then give it a client secret and a membership)") { name, ttl, maxTtl };
        runner.SetApiAction(create, async (call, ct) =>
        {
            var request = new CreateIdentityRequest(call.Parse.GetRequiredValue(name), call.Parse.GetValue(ttl), call.Parse.GetValue(maxTtl));
            var response = await call.Api.PostAsync(BasePath, request, ct);
            call.Output.Write(response, body => WriteIdentity(call.Output, body["identity"]));
            return ExitCodes.Success;
        });
        return create;
    }

    private static Command List(CommandRunner runner)
    {
        var list = new Command("list", "List machine identities");
        runner.SetApiAction(list, async (call, ct) =>
        {
            var response = await call.Api.GetAsync(BasePath, ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["ID", "NAME", "CLIENT ID", "GRANTS", "CREATED"],
                JsonText.Items(body, "identities").Select(i => (IReadOnlyList<string>)
                    [JsonText.Of(i, "id"), JsonText.Of(i, "name"), JsonText.Of(i, "clientId"), Grants(i), JsonText.Of(i, "createdAt")])));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Get(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "Identity id" };
        var get = new Command("get", "Show one machine identity") { id };
        runner.SetApiAction(get, async (call, ct) =>
        {
            var response = await call.Api.GetAsync($"{BasePath}/{ApiPath.Segment(call.Parse.GetRequiredValue(id))}", ct);
            call.Output.Write(response, body => WriteIdentity(call.Output, body["identity"]));
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command Delete(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "Identity id" };
        var delete = new Command("delete", "Delete a machine identity; its tokens and client secrets stop working at once") { id };
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var identityId = call.Parse.GetRequiredValue(id);
            var response = await call.Api.DeleteAsync($"{BasePath}/{ApiPath.Segment(identityId)}", ct);
            call.Output.Write(response, _ => call.Output.WriteLine($"deleted identity {identityId}"));
            return ExitCodes.Success;
        });
        return delete;
    }

    private static void WriteIdentity(OutputWriter output, JsonNode? identity) => output.WriteFields(
    [
        ("id", JsonText.Of(identity, "id")),
        ("name", JsonText.Of(identity, "name")),
        ("clientId", JsonText.Of(identity, "clientId")),
        ("accessTokenTTL", JsonText.Of(identity, "accessTokenTTL")),
        ("accessTokenMaxTTL", JsonText.Of(identity, "accessTokenMaxTTL")),
        ("grants", Grants(identity)),
        ("createdAt", JsonText.Of(identity, "createdAt")),
    ]);

    private static string Grants(JsonNode? identity) =>
        identity?["grants"] is JsonArray { Count: > 0 } grants ? string.Join(",", grants.Select(g => g?.GetValue<string>())) : "(none)";
}
