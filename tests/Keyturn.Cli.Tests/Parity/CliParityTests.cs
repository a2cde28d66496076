using System.CommandLine;
using Keyturn.Server.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Cli.Tests.Parity;

/// <summary>
/// Every /api route the running server serves has a CLI command, named in <see cref="CommandOf"/>; the test reads the
/// live route table and the CLI's command tree, so a new route without a command (or a command renamed away) fails here.
/// Routes outside /api (healthz, openapi, metrics) are not API operations and are not listed.
/// </summary>
public sealed class CliParityTests : AgainstServer
{
    /// <summary>Route (as RouteDeclarations keys it) → the command that calls it.</summary>
    private static readonly Dictionary<string, string> CommandOf = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/projects"] = "project create",
        ["GET /api/v1/projects"] = "project list",
        ["GET /api/v1/projects/{id}"] = "project get",

        ["GET /api/v3/secrets/raw"] = "secret list",
        ["GET /api/v3/secrets/raw/{secretName}"] = "secret get",
        ["POST /api/v3/secrets/raw/{secretName}"] = "secret set",
        ["PATCH /api/v3/secrets/raw/{secretName}"] = "secret set",
        ["DELETE /api/v3/secrets/raw/{secretName}"] = "secret delete",

        ["POST /api/v1/app-connections/{app}"] = "connection create azure",
        ["GET /api/v1/app-connections/{app}"] = "connection list",
        ["GET /api/v1/app-connections/{app}/{id}"] = "connection get",
        ["PATCH /api/v1/app-connections/{app}/{id}"] = "connection update",
        ["DELETE /api/v1/app-connections/{app}/{id}"] = "connection delete",
        ["POST /api/v1/app-connections/{app}/{id}/rotate-credentials"] = "connection rotate-credentials",
        ["GET /api/v1/app-connections/{app}/{id}/credential-rotations"] = "connection credential-rotations",

        ["GET /api/v2/secret-rotations/options"] = "rotation types",
        ["GET /api/v2/secret-rotations"] = "rotation list",
        ["POST /api/v2/secret-rotations/{type}"] = "rotation create",
        ["GET /api/v2/secret-rotations/{type}/{id}"] = "rotation get",
        ["PATCH /api/v2/secret-rotations/{type}/{id}"] = "rotation update",
        ["DELETE /api/v2/secret-rotations/{type}/{id}"] = "rotation delete",
        ["POST /api/v2/secret-rotations/{type}/{id}/rotate-secrets"] = "rotation rotate",
        ["GET /api/v2/secret-rotations/{type}/{id}/history"] = "rotation history",
        ["GET /api/v2/secret-rotations/{type}/{id}/generated-credentials"] = "rotation credentials",
        ["POST /api/v2/secret-rotations/{type}/{id}/reconcile"] = "rotation reconcile",

        ["POST /api/v1/projects/{projectId}/webhooks"] = "webhook create",
        ["GET /api/v1/projects/{projectId}/webhooks"] = "webhook list",
        ["GET /api/v1/projects/{projectId}/webhooks/{id}"] = "webhook get",
        ["DELETE /api/v1/projects/{projectId}/webhooks/{id}"] = "webhook delete",
        ["GET /api/v1/projects/{projectId}/webhooks/{id}/deliveries"] = "webhook deliveries",

        ["POST /api/v1/identities"] = "identity create",
        ["GET /api/v1/identities"] = "identity list",
        ["GET /api/v1/identities/{id}"] = "identity get",
        ["DELETE /api/v1/identities/{id}"] = "identity delete",
        ["POST /api/v1/identities/{id}/universal-auth/client-secrets"] = "identity client-secret create",
        ["GET /api/v1/identities/{id}/universal-auth/client-secrets"] = "identity client-secret list",
        ["DELETE /api/v1/identities/{id}/universal-auth/client-secrets/{clientSecretId}"] = "identity client-secret delete",
        ["POST /api/v1/identities/{id}/grants"] = "identity grant",
        ["DELETE /api/v1/identities/{id}/grants/{grant}"] = "identity revoke-grant",

        ["POST /api/v1/projects/{projectId}/memberships"] = "membership create",
        ["GET /api/v1/projects/{projectId}/memberships"] = "membership list",
        ["GET /api/v1/projects/{projectId}/memberships/{id}"] = "membership get",
        ["DELETE /api/v1/projects/{projectId}/memberships/{id}"] = "membership delete",

        ["POST /api/v1/auth/universal-auth/login"] = "login",
        ["POST /api/v1/auth/token/revoke"] = "token revoke",
        ["POST /api/v1/auth/token/renew"] = "token renew",
        ["GET /api/v1/auth/token/self"] = "status",
        // Infisical's paths for the same client-secret service as Keyturn's identity paths above (ClientSecretEndpoints).
        ["POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets"] = "identity client-secret create",
        ["GET /api/v1/auth/universal-auth/identities/{identityId}/client-secrets"] = "identity client-secret list",
        ["POST /api/v1/auth/universal-auth/identities/{identityId}/client-secrets/{clientSecretId}/revoke"] = "identity client-secret delete",

        ["GET /api/v1/audit-logs"] = "audit list",
        ["GET /api/v1/audit-logs/chain"] = "audit verify",
    };

    [Fact]
    public void EveryLiveApiRoute_HasACliCommand_AndTheTableNamesNoGoneRoute()
    {
        var live = LiveApiRoutes();

        var missing = live.Except(CommandOf.Keys).Order(StringComparer.Ordinal).ToList();
        var gone = CommandOf.Keys.Except(live).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "API routes with no CLI command (add the command, then its row to CliParityTests.CommandOf): " + string.Join("; ", missing));
        Assert.True(gone.Count == 0, "Rows for routes the server no longer serves: " + string.Join("; ", gone));
    }

    [Fact]
    public void EveryCommandTheTableNames_IsInTheCommandTree_AndRunsSomething()
    {
        var root = CliApp.BuildRootCommand([], new CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, Interactive: false), handler: null);

        var absent = CommandOf.Values.Distinct().Where(path => Find(root, path) is not { Action: not null }).Order(StringComparer.Ordinal).ToList();

        Assert.True(absent.Count == 0, "Commands named in CliParityTests.CommandOf that the CLI does not have (or that only group others): " + string.Join("; ", absent));
    }

    private HashSet<string> LiveApiRoutes() =>
        Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(method => RouteDeclarations.Key(method, e.RoutePattern)))
            .ToHashSet(StringComparer.Ordinal);

    private static Command? Find(Command root, string path)
    {
        Command? command = root;
        foreach (var name in path.Split(' '))
        {
            command = command?.Subcommands.FirstOrDefault(c => c.Name == name);
        }

        return command;
    }
}
