using System.CommandLine;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/identities/{id}/universal-auth/client-secrets</c>; null fields: no expiry, any address.</summary>
internal sealed record CreateClientSecretRequest(string? Description, int? TtlSeconds, IReadOnlyList<string>? TrustedIps);

/// <summary>
/// <c>keyturn identity client-secret create|list|delete</c>. Keyturn's paths; the Infisical-compatible ones
/// (/api/v1/auth/universal-auth/identities/…) reach the same service and are mapped to these commands in the parity test.
/// </summary>
internal static class IdentityClientSecretCommands
{
    public static Command Build(CommandRunner runner) =>
        new("client-secret", "An identity's universal-auth client secrets (what 'keyturn login' uses)")
        {
            Create(runner),
            List(runner),
            Delete(runner),
        };

    private static Argument<string> IdentityArgument() => new("IDENTITY_ID") { Description = "Identity id" };

    private static string PathOf(string identityId) => $"api/v1/identities/{ApiPath.Segment(identityId)}/universal-auth/client-secrets";

    private static Command Create(CommandRunner runner)
    {
        var identity = IdentityArgument();
        var description = new Option<string?>("--description") { Description = "Free text, e.g. where the secret is used" };
        var ttl = new Option<int?>("--ttl") { Description = "Seconds until the secret expires [default: never]" };
        var trustedIps = new Option<string[]>("--trusted-ip")
        {
            HelpName = "ip-or-cidr",
            Description = "Log in only from this address or range; repeat for each [default: any address]",
            AllowMultipleArgumentsPerToken = false,
        };
        var create = new Command("create", "Create a client secret; it is printed once and never shown again") { identity, description, ttl, trustedIps };
        runner.SetApiAction(create, async (call, ct) =>
        {
            var ips = call.Parse.GetValue(trustedIps);
            var request = new CreateClientSecretRequest(call.Parse.GetValue(description), call.Parse.GetValue(ttl), ips is { Length: > 0 } ? ips : null);
            var response = await call.Api.PostAsync(PathOf(call.Parse.GetRequiredValue(identity)), request, ct);
            // The secret goes to stdout only: the one place its owner asked for it; pipe it straight into a secret store.
            call.Output.Write(response, body => call.Output.WriteFields(
            [
                ("clientId", JsonText.Of(body, "clientId")),
                ("clientSecret", JsonText.Of(body, "clientSecret")),
                ("clientSecretId", JsonText.Of(body, "clientSecretId")),
                ("expiresAt", JsonText.Of(body, "clientSecretData", "expiresAt")),
            ]));
            return ExitCodes.Success;
        });
        return create;
    }

    private static Command List(CommandRunner runner)
    {
        var identity = IdentityArgument();
        var list = new Command("list", "List an identity's client secrets (their prefixes, never the secrets)") { identity };
        runner.SetApiAction(list, async (call, ct) =>
        {
            var response = await call.Api.GetAsync(PathOf(call.Parse.GetRequiredValue(identity)), ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["ID", "PREFIX", "DESCRIPTION", "TRUSTED IPS", "CREATED", "EXPIRES"],
                JsonText.Items(body, "clientSecretData").Select(s => (IReadOnlyList<string>)
                [
                    JsonText.Of(s, "id"), JsonText.Of(s, "clientSecretPrefix"), JsonText.Of(s, "description"),
                    TrustedIps(s), JsonText.Of(s, "createdAt"), JsonText.Of(s, "expiresAt"),
                ])));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Delete(CommandRunner runner)
    {
        var identity = IdentityArgument();
        var id = new Argument<string>("CLIENT_SECRET_ID") { Description = "Client secret id" };
        var delete = new Command("delete", "Delete (revoke) a client secret: logins with it are refused from then on") { identity, id };
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var secretId = call.Parse.GetRequiredValue(id);
            var response = await call.Api.DeleteAsync($"{PathOf(call.Parse.GetRequiredValue(identity))}/{ApiPath.Segment(secretId)}", ct);
            call.Output.Write(response, _ => call.Output.WriteLine($"deleted client secret {secretId}"));
            return ExitCodes.Success;
        });
        return delete;
    }

    private static string TrustedIps(JsonNode? secret) =>
        secret?["trustedIps"] is JsonArray { Count: > 0 } ips ? string.Join(",", ips.Select(ip => ip?.ToString())) : "(any)";
}
