using System.CommandLine;
using System.Text.Json.Nodes;

namespace Keyturn.Cli;

/// <summary>Body of <c>POST /api/v1/app-connections/azure</c>.</summary>
internal sealed record CreateAzureConnectionRequest(
    string Name,
    string? Description,
    string Method,
    AzureClientSecretCredentials Credentials,
    AzureEndpoints? Endpoints);

/// <param name="ClientSecretId">Key id of the given secret: the connection's second self-rotation then revokes it.</param>
internal sealed record AzureClientSecretCredentials(string TenantId, string ClientId, string ClientSecret, string? ClientSecretId = null);

/// <summary>Non-public clouds and emulators; null fields mean the public Azure cloud.</summary>
internal sealed record AzureEndpoints(string? AuthorityHost, string? Graph)
{
    public string? ResourceManager { get; init; }
}

/// <summary><c>keyturn connection create azure|list|get|delete</c>: credentials Keyturn uses to reach a cloud; <c>--app</c> is found when left out.</summary>
internal static class ConnectionCommands
{
    private const string AzurePath = "api/v1/app-connections/azure";

    public static Command Build(CommandRunner runner) =>
        new("connection", "Manage app connections (the credentials Keyturn uses to rotate in a cloud)")
        {
            new Command("create", "Create an app connection")
            {
                new CreateAzureCommand(runner),
                new CreateLocalConnectionCommand(runner),
                new DatabaseConnectionCommand(runner, "postgres", "Connect to PostgreSQL as a role with CREATEROLE"),
                new DatabaseConnectionCommand(runner, "mysql", "Connect to MySQL or MariaDB as an account with CREATE USER"),
            },
            List(runner),
            Get(runner),
            Delete(runner),
            new UpdateConnectionCommand(runner),
            ConnectionCredentialCommands.RotateCredentials(runner),
            ConnectionCredentialCommands.CredentialRotations(runner),
        };

    internal sealed class CreateAzureCommand : Command
    {
        private readonly Option<string> name = new("--name") { Description = "Connection name", Required = true };
        private readonly Option<string?> description = new("--description") { Description = "Free text" };
        private readonly Option<string> tenantId = new("--tenant-id") { Description = "Entra ID tenant (directory) id", Required = true };
        private readonly Option<string> clientId = new("--client-id") { Description = "Application (client) id Keyturn signs in as", Required = true };
        private readonly Option<string?> clientSecret = new("--client-secret") { Description = "Its client secret (prefer --client-secret-stdin)" };
        private readonly Option<bool> clientSecretStdin = new("--client-secret-stdin") { Description = "Read the client secret from stdin, keeping it out of shell history" };
        private readonly Option<string?> clientSecretId = new("--client-secret-id")
        {
            Description = "Key id of that client secret: the connection's second self-rotation revokes it (left out: it is never touched)",
        };
        private readonly Option<string?> authorityHost = new Option<string?>("--authority-host") { Description = "Entra ID authority [default: public cloud]" }.AbsoluteUrl();
        private readonly Option<string?> graphEndpoint = new Option<string?>("--graph-endpoint") { Description = "Microsoft Graph endpoint [default: public cloud]" }.AbsoluteUrl();
        private readonly Option<string?> resourceManagerEndpoint = new Option<string?>("--resource-manager-endpoint") { Description = "Azure Resource Manager endpoint, for storage account keys [default: public cloud]" }.AbsoluteUrl();

        public CreateAzureCommand(CommandRunner runner)
            : base("azure", "Connect to Azure with an app registration's client secret")
        {
            Add(name);
            Add(description);
            Add(tenantId);
            Add(clientId);
            Add(clientSecret);
            Add(clientSecretStdin);
            Add(clientSecretId);
            Add(authorityHost);
            Add(graphEndpoint);
            Add(resourceManagerEndpoint);
            this.RequireOneOf(clientSecret, clientSecretStdin);
            runner.SetApiAction(this, async (call, ct) =>
            {
                var response = await call.Api.PostAsync(AzurePath, ReadRequest(call.Parse, call.Context.In), ct);
                call.Output.Write(response, body => WriteConnection(call.Output, body["appConnection"]));
                return ExitCodes.Success;
            });
        }

        public CreateAzureConnectionRequest ReadRequest(ParseResult parse, TextReader stdin)
        {
            var secret = parse.GetValue(clientSecretStdin)
                ? StdinValue.Read(stdin, clientSecretStdin.Name)
                : parse.GetRequiredValue(clientSecret)!;
            var authority = parse.GetValue(authorityHost);
            var graph = parse.GetValue(graphEndpoint);
            var resourceManager = parse.GetValue(resourceManagerEndpoint);
            return new CreateAzureConnectionRequest(
                parse.GetRequiredValue(name),
                parse.GetValue(description),
                "client-secret",
                new AzureClientSecretCredentials(parse.GetRequiredValue(tenantId), parse.GetRequiredValue(clientId), secret, parse.GetValue(clientSecretId)),
                authority is null && graph is null && resourceManager is null ? null : new AzureEndpoints(authority, graph) { ResourceManager = resourceManager });
        }
    }

    private static Command List(CommandRunner runner)
    {
        var app = ConnectionLocator.AppOption("every app");
        var list = new Command("list", "List app connections") { app };
        runner.SetApiAction(list, async (call, ct) =>
        {
            var response = call.Parse.GetValue(app) is { } one
                ? await call.Api.GetAsync(ConnectionLocator.PathOf(one), ct)
                : await ConnectionLocator.ListAllAsync(call.Api, ct);
            call.Output.Write(response, body => call.Output.WriteTable(
                ["ID", "NAME", "APP", "METHOD", "DESCRIPTION"],
                JsonText.Items(body, "appConnections").Select(c => (IReadOnlyList<string>)
                [
                    JsonText.Of(c, "id"), JsonText.Of(c, "name"), JsonText.Of(c, "app"),
                    JsonText.Of(c, "method"), JsonText.Of(c, "description"),
                ])));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Get(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var app = ConnectionLocator.AppOption();
        var get = new Command("get", "Show one app connection") { id, app };
        runner.SetApiAction(get, async (call, ct) =>
        {
            var connectionId = call.Parse.GetRequiredValue(id);
            var response = call.Parse.GetValue(app) is { } family
                ? await call.Api.GetAsync(ConnectionLocator.PathOf(family, connectionId), ct)
                : (await ConnectionLocator.FindAsync(call.Api, connectionId, ct)).Response;
            call.Output.Write(response, body => WriteConnection(call.Output, body["appConnection"]));
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command Delete(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "App connection id" };
        var app = ConnectionLocator.AppOption();
        var delete = new Command("delete", "Delete an app connection") { id, app };
        runner.SetApiAction(delete, async (call, ct) =>
        {
            var connectionId = call.Parse.GetRequiredValue(id);
            var response = await call.Api.DeleteAsync(await ConnectionLocator.PathOfAsync(call, app, id, ct), ct);
            call.Output.Write(response, _ => call.Output.WriteLine($"deleted app connection {connectionId}"));
            return ExitCodes.Success;
        });
        return delete;
    }

    // Every configuration field (azure: tenantId, clientId and the endpoints; databases: host, port, user): the server's
    // configuration holds no secret, so nothing is filtered and a new field shows up without a CLI change.
    internal static void WriteConnection(OutputWriter output, JsonNode? connection) => output.WriteFields(
    [
        ("id", JsonText.Of(connection, "id")),
        ("name", JsonText.Of(connection, "name")),
        ("description", JsonText.Of(connection, "description")),
        ("app", JsonText.Of(connection, "app")),
        ("method", JsonText.Of(connection, "method")),
        .. ((connection?["configuration"] as JsonObject) ?? []).Select(field => (field.Key, JsonText.Of(field.Value))),
        ("credentialsRotatedAt", JsonText.Of(connection, "credentialsRotatedAt")),
        ("nextCredentialRotationAt", JsonText.Of(connection, "nextCredentialRotationAt")),
        ("autoRotation", JsonText.Of(connection, "credentialRotation", "isAutoRotationEnabled")),
        ("rotationInterval", JsonText.Of(connection, "credentialRotation", "rotationInterval")),
        ("rotationStatus", JsonText.Of(connection, "credentialRotation", "status")),
        ("rotationMessage", JsonText.Of(connection, "credentialRotation", "message")),
        ("createdAt", JsonText.Of(connection, "createdAt")),
        ("updatedAt", JsonText.Of(connection, "updatedAt")),
    ]);
}
