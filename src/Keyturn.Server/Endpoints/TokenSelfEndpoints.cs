using System.Reflection;
using Keyturn.Core.Storage;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>
/// GET /api/v1/auth/token/self: who the bearer token is (an API token by name, or a machine identity by id and name) and
/// the server's version, so `keyturn status` can tell an operator which server and which identity their commands reach.
/// Infisical has no such route; Vault's equivalent is `auth/token/lookup-self`. It names no secret and no token value.
/// </summary>
public static class TokenSelfEndpoints
{
    private const string ApiTokenActorPrefix = "token:";

    /// <summary>The server's informational version ("1.0.0+commit"), as `keyturn --version` prints it.</summary>
    public static string ServerVersion { get; } =
        typeof(TokenSelfEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void MapTokenSelfEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/v1/auth/token/self", async (HttpContext http, IIdentityStore identities, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            if (principal.IdentityId is not { } identityId)
            {
                var name = principal.Actor.StartsWith(ApiTokenActorPrefix, StringComparison.Ordinal) ? principal.Actor[ApiTokenActorPrefix.Length..] : principal.Actor;
                return Results.Json(new TokenSelfJson("api-token", principal.Actor, name, null, [], ServerVersion));
            }

            // Null when the identity was deleted after the token was checked: its tokens stop working on the next request.
            var identity = await identities.GetIdentityAsync(identityId, ct);
            return Results.Json(new TokenSelfJson("identity", principal.Actor, null, new TokenIdentityJson(identityId, identity?.Name, identity?.ClientId), [.. principal.Grants], ServerVersion));
        }).WithTags("auth").NeedsToken().Answers<TokenSelfJson>();
}
