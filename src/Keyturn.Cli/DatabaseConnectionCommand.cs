using System.CommandLine;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/app-connections/postgres</c> and <c>/mysql</c>.</summary>
internal sealed record CreateDatabaseConnectionRequest(string Name, string? Description, string Method, DatabaseCredentials Credentials);

/// <summary>Null fields are left to the server's defaults (port: the database's usual one; sslMode: verify-full).</summary>
internal sealed record DatabaseCredentials(string Host, int? Port, string? Database, string Username, string Password, string? SslMode);

/// <summary><c>keyturn connection create postgres|mysql</c>: an account that may change other accounts' passwords.</summary>
internal sealed class DatabaseConnectionCommand : Command
{
    private readonly Option<string> name = new("--name") { Description = "Connection name", Required = true };
    private readonly Option<string?> description = new("--description") { Description = "Free text" };
    private readonly Option<string> host = new("--host") { Description = "Server host name or IP address", Required = true };
    private readonly Option<int?> port = new("--port") { Description = "Server port [default: the database's usual port]" };
    private readonly Option<string?> database = new("--database") { Description = "Database to connect to (required for postgres)" };
    private readonly Option<string> username = new("--username") { Description = "Account Keyturn signs in as", Required = true };
    private readonly Option<string?> password = new("--password") { Description = "Its password (prefer --password-stdin)" };
    private readonly Option<bool> passwordStdin = new("--password-stdin") { Description = "Read the password from stdin, keeping it out of shell history" };
    private readonly Option<string?> sslMode = new Option<string?>("--ssl-mode") { Description = "disable, prefer, require, verify-ca or verify-full [default: verify-full]" }
        .AcceptOnlyFromAmong("disable", "prefer", "require", "verify-ca", "verify-full");

    public DatabaseConnectionCommand(CommandRunner runner, string app, string summary)
        : base(app, summary)
    {
        Add(name);
        Add(description);
        Add(host);
        Add(port);
        Add(database);
        Add(username);
        Add(password);
        Add(passwordStdin);
        Add(sslMode);
        this.RequireOneOf(password, passwordStdin);
        runner.SetApiAction(this, async (call, ct) =>
        {
            var response = await call.Api.PostAsync($"api/v1/app-connections/{app}", ReadRequest(call.Parse, call.Context.In), ct);
            call.Output.Write(response, body => ConnectionCommands.WriteConnection(call.Output, body["appConnection"]));
            return ExitCodes.Success;
        });
    }

    public CreateDatabaseConnectionRequest ReadRequest(ParseResult parse, TextReader stdin)
    {
        var secret = parse.GetValue(passwordStdin) ? StdinValue.Read(stdin, passwordStdin.Name) : parse.GetRequiredValue(password)!;
        return new CreateDatabaseConnectionRequest(
            parse.GetRequiredValue(name),
            parse.GetValue(description),
            "username-password",
            new DatabaseCredentials(parse.GetRequiredValue(host), parse.GetValue(port), parse.GetValue(database), parse.GetRequiredValue(username), secret, parse.GetValue(sslMode)));
    }
}
