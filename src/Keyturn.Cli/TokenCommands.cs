using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/auth/token/revoke</c> when the token to revoke is not the bearer.</summary>
internal sealed record TokenRevokeRequest(string AccessToken);

/// <summary>
/// <c>keyturn token renew|revoke</c>: the identity access token in use (--token, KEYTURN_TOKEN or the stored login).
/// Neither prints a token: renew shows the new expiry, revoke what it revoked.
/// </summary>
internal static class TokenCommands
{
    public static Command Build(CommandRunner runner) =>
        new("token", "Renew or revoke an identity's access token")
        {
            Renew(runner),
            Revoke(runner),
        };

    private static Command Renew(CommandRunner runner)
    {
        var renew = new Command("renew", "Extend the access token in use by its TTL (never past login + its max TTL)");
        runner.SetAnonymousAction(renew, async (parse, output, ct) =>
        {
            var server = await ServerCredentials.ResolveAsync(runner.Globals, parse, runner.Context, runner.HandlerFor(parse), TimeProvider.System, ct);
            // Renew is anonymous on the server: the token in the body is the proof, so no bearer is sent.
            using var api = runner.OpenClient(parse, server.Address, token: null);
            var response = (await api.SendAsync(HttpMethod.Post, "api/v1/auth/token/renew", ApiJson.Serialize(new TokenRenewRequest(server.Token)), ct)).EnsureSuccess();
            var expiresIn = response.Json["expiresIn"]?.GetValue<int>() ?? throw new System.Text.Json.JsonException("the renew answer has no expiresIn");
            var expiresAt = TimeProvider.System.GetUtcNow().AddSeconds(expiresIn);
            if (runner.Globals.ExplicitToken(parse, runner.Context) is null && StoredLogin.Load(runner.Context) is { } login && login.AccessToken == server.Token)
            {
                (login with { ExpiresAt = expiresAt }).Save(runner.Context);
            }

            var summary = new JsonObject { ["expiresIn"] = expiresIn, ["expiresAt"] = expiresAt, ["accessTokenMaxTTL"] = response.Json["accessTokenMaxTTL"]?.DeepClone() };
            output.Write(new ApiResponse(HttpStatusCode.OK, null, summary.ToJsonString()), _ =>
                output.WriteLine($"renewed: the token now expires in {expiresIn} s ({expiresAt:u})"));
            return ExitCodes.Success;
        });
        return renew;
    }

    private static Command Revoke(CommandRunner runner)
    {
        var tokenStdin = new Option<bool>("--access-token-stdin") { Description = "Revoke the token read from stdin instead of the one in use" };
        var revoke = new Command("revoke", "Revoke an identity's access token at once (a stored login stays on disk: 'keyturn logout' removes both)") { tokenStdin };
        runner.SetApiAction(revoke, async (call, ct) =>
        {
            var body = call.Parse.GetValue(tokenStdin) ? new TokenRevokeRequest(StdinValue.Read(call.Context.In, tokenStdin.Name)) : null;
            var response = await call.Api.PostAsync("api/v1/auth/token/revoke", body, ct);
            call.Output.Write(response, _ => call.Output.WriteLine(body is null ? "revoked the token in use" : "revoked the token read from stdin"));
            return ExitCodes.Success;
        });
        return revoke;
    }
}
