using System.CommandLine;
using System.Net;

namespace Keyturn.Cli;

/// <summary><c>keyturn login</c> and <c>keyturn logout</c>: a machine identity's token for the CLI (see <see cref="StoredLogin"/>).</summary>
internal static class LoginCommands
{
    public static IEnumerable<Command> Build(CommandRunner runner) => [Login(runner), Logout(runner)];

    private static Command Login(CommandRunner runner)
    {
        var method = new Option<string>("--method") { Description = "Login method", DefaultValueFactory = _ => "universal-auth" }
            .AcceptOnlyFromAmong("universal-auth");
        var clientId = new Option<string>("--client-id") { Description = "The identity's client id", Required = true };
        // There is deliberately no --client-secret VALUE: a secret on the command line is visible in ps and shell history.
        var secretStdin = new Option<bool>("--client-secret-stdin") { Description = "Read the client secret from stdin (required)" };
        var login = new Command("login", "Log in as a machine identity and keep its token for later commands") { method, clientId, secretStdin };
        runner.SetAnonymousAction(login, async (parse, output, ct) =>
        {
            if (!parse.GetValue(secretStdin))
            {
                throw new UsageException("--client-secret-stdin is required: pipe the client secret in, e.g. keyturn login ... --client-secret-stdin < secret-file");
            }

            var id = parse.GetRequiredValue(clientId);
            if (!Guid.TryParse(id, out _))
            {
                throw new UsageException($"--client-id: '{id}' is not a GUID");
            }

            var secret = StdinValue.Read(runner.Context.In, secretStdin.Name);
            var address = runner.Globals.ReadAddress(parse, runner.Context, fallback: null);
            var stored = await UniversalAuth.LoginAsync(address, id, secret, runner.HandlerFor(parse), TimeProvider.System, ct);
            stored.Save(runner.Context);
            var summary = new { address = stored.Address, clientId = stored.ClientId, expiresAt = stored.ExpiresAt, tokenFile = StoredLogin.PathIn(runner.Context) };
            output.Write(new ApiResponse(HttpStatusCode.OK, null, ApiJson.Serialize(summary)), _ =>
                output.WriteLine($"logged in to {stored.Address} as client {stored.ClientId}; the token renews itself until 'keyturn logout'"));
            return ExitCodes.Success;
        });
        return login;
    }

    private static Command Logout(CommandRunner runner)
    {
        var logout = new Command("logout", "Revoke the stored token and delete the stored login");
        runner.SetAnonymousAction(logout, async (parse, output, ct) =>
        {
            if (StoredLogin.Load(runner.Context) is not { } login)
            {
                output.WriteLine("not logged in");
                return ExitCodes.Success;
            }

            using var api = runner.OpenClient(parse, login.Address, login.AccessToken);
            var response = await api.SendAsync(HttpMethod.Post, "api/v1/auth/token/revoke", null, ct);
            // 401: the token had already expired or been revoked; either way it no longer works.
            if (response.Status != HttpStatusCode.Unauthorized)
            {
                response.EnsureSuccess();
            }

            StoredLogin.Delete(runner.Context);
            output.WriteLine($"logged out of {login.Address}");
            return ExitCodes.Success;
        });
        return logout;
    }
}
