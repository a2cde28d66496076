using System.CommandLine;
using System.Net;

namespace Keyturn.Cli;

/// <summary>Body of <c>PATCH|POST /api/v3/secrets/raw/{name}</c>.</summary>
internal sealed record SetSecretRequest(string WorkspaceId, string Environment, string SecretPath, string SecretValue, string Type);

/// <summary><c>keyturn secret list|get|set|delete</c>: read the secrets rotations write, or write your own.</summary>
internal static class SecretCommands
{
    private const string BasePath = "api/v3/secrets/raw";
    private const string Mask = "********";

    public static Command Build(CommandRunner runner) =>
        new("secret", "Read and write project secrets")
        {
            List(runner),
            Get(runner),
            new SetCommand(runner),
            Delete(runner),
        };

    /// <summary>Where a secret lives: project, environment, folder. Same three options on every secret command.</summary>
    internal sealed class Location
    {
        public Option<string> ProjectId { get; } = new("--project-id", "--project") { Description = "Project id", Required = true };
        public Option<string> Environment { get; } = new("--env", "--environment") { Description = "Environment slug, e.g. dev", Required = true };
        public Option<string> Path { get; } = new("--path", "--secret-path") { Description = "Folder", DefaultValueFactory = _ => "/" };

        public void AddTo(Command command)
        {
            command.Add(ProjectId);
            command.Add(Environment);
            command.Add(Path);
        }

        public string Query(ParseResult parse, string path) => ApiPath.WithQuery(
            path,
            ("workspaceId", parse.GetRequiredValue(ProjectId)),
            ("environment", parse.GetRequiredValue(Environment)),
            ("secretPath", parse.GetRequiredValue(Path)));
    }

    internal sealed class SetCommand : Command
    {
        private readonly Location location = new();
        private readonly Argument<string> name = new("NAME") { Description = "Secret key, e.g. AZURE_CLIENT_SECRET" };
        private readonly Argument<string?> value = new("VALUE") { Description = "New value (prefer --value-stdin)", Arity = ArgumentArity.ZeroOrOne };
        private readonly Option<bool> valueStdin = new("--value-stdin") { Description = "Read the value from stdin, keeping it out of shell history" };

        public SetCommand(CommandRunner runner)
            : base("set", "Create a secret or update its value")
        {
            Add(name);
            Add(value);
            location.AddTo(this);
            Add(valueStdin);
            this.RequireOneOf(value, valueStdin);
            runner.SetApiAction(this, async (call, ct) =>
            {
                var secretName = call.Parse.GetRequiredValue(name);
                var path = $"{BasePath}/{ApiPath.Segment(secretName)}";
                var body = ApiJson.Serialize(ReadRequest(call.Parse, call.Context.In));
                // Update first: most sets change an existing secret, and a create can then never clobber one.
                var response = await call.Api.SendAsync(HttpMethod.Patch, path, body, ct);
                var verb = "updated";
                if (response.Status == HttpStatusCode.NotFound)
                {
                    response = await call.Api.SendAsync(HttpMethod.Post, path, body, ct);
                    verb = "created";
                }

                response.EnsureSuccess();
                call.Output.Write(response, json =>
                    call.Output.WriteLine($"{verb} secret {secretName} (version {JsonText.Of(json, "secret", "version")})"));
                return ExitCodes.Success;
            });
        }

        public SetSecretRequest ReadRequest(ParseResult parse, TextReader stdin) => new(
            parse.GetRequiredValue(location.ProjectId),
            parse.GetRequiredValue(location.Environment),
            parse.GetRequiredValue(location.Path),
            parse.GetValue(valueStdin) ? StdinValue.Read(stdin, valueStdin.Name) : parse.GetValue(value)!,
            "shared");
    }

    private static Command List(CommandRunner runner)
    {
        var location = new Location();
        var showValues = new Option<bool>("--show-values") { Description = "Print values instead of a mask (json always has them)" };
        var list = new Command("list", "List the secrets in a folder");
        location.AddTo(list);
        list.Add(showValues);
        runner.SetApiAction(list, async (call, ct) =>
        {
            var response = await call.Api.GetAsync(location.Query(call.Parse, BasePath), ct);
            var show = call.Parse.GetValue(showValues);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["KEY", "VERSION", "VALUE"],
                JsonText.Items(body, "secrets").Select(s => (IReadOnlyList<string>)
                    [JsonText.Of(s, "secretKey"), JsonText.Of(s, "version"), show ? JsonText.Of(s, "secretValue") : Mask])));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Get(CommandRunner runner)
    {
        var location = new Location();
        var name = new Argument<string>("NAME") { Description = "Secret key" };
        var plain = new Option<bool>("--plain") { Description = "Print only the value and a newline, even with --output json" };
        var get = new Command("get", "Print a secret's value alone, for $(keyturn secret get ...)") { name, plain };
        location.AddTo(get);
        runner.SetApiAction(get, async (call, ct) =>
        {
            var path = location.Query(call.Parse, $"{BasePath}/{ApiPath.Segment(call.Parse.GetRequiredValue(name))}");
            var response = await call.Api.GetAsync(path, ct);
            if (call.Parse.GetValue(plain))
            {
                call.Context.Out.WriteLine(JsonText.Of(response.EnsureSuccess().Json, "secret", "secretValue"));
                return ExitCodes.Success;
            }

            // The bare value, so $(keyturn secret get ...) captures exactly the secret.
            call.Output.Write(response, body => call.Output.WriteLine(JsonText.Of(body, "secret", "secretValue")));
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command Delete(CommandRunner runner)
    {
        var location = new Location();
        var name = new Argument<string>("NAME") { Description = "Secret key" };
        var delete = new Command("delete", "Delete a secret and its versions (refused for a secret a rotation writes: delete the rotation instead)") { name };
        location.AddTo(delete);
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var secretName = call.Parse.GetRequiredValue(name);
            var response = await call.Api.DeleteAsync(location.Query(call.Parse, $"{BasePath}/{ApiPath.Segment(secretName)}"), ct);
            call.Output.Write(response, _ => call.Output.WriteLine($"deleted secret {secretName}"));
            return ExitCodes.Success;
        });
        return delete;
    }
}
