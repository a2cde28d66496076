using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.Identities;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>/api/v1/identities: machine identities and their universal-auth client secrets.</summary>
public static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/identities").WithTags("identities");

        group.MapPost("/", async (HttpContext http, IdentityService identities, CancellationToken ct) =>
        {
            var command = await JsonBody.ReadCommandAsync(http.Request, IdentityRequests.ParseIdentity, ct);
            return command.IsSuccess
                ? ProblemResults.Map(await identities.CreateAsync(Actor.Of(http), command.Value, ct), i => new { identity = IdentityJson.Identity(i, null) })
                : ProblemResults.From(command.Problem);
        });

        group.MapGet("/", async (IdentityService identities, IdentityGrantService grants, CancellationToken ct) =>
        {
            var list = await identities.ListAsync(ct);
            var held = await grants.ListAllAsync(ct);
            return Results.Json(new { identities = list.Select(i => IdentityJson.Identity(i, held[i.Id])) });
        });

        group.MapGet("/{id}", async (string id, IdentityService identities, IdentityGrantService grants, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var identity))
            {
                return ProblemResults.From(Problem.NotFound("Identity", id));
            }

            var found = await identities.GetAsync(identity, ct);
            var held = found.IsSuccess ? await grants.ListAsync(identity, ct) : [];
            return ProblemResults.Map(found, i => new { identity = IdentityJson.Identity(i, held) });
        });

        group.MapDelete("/{id}", async (string id, HttpContext http, IdentityService identities, CancellationToken ct) =>
            Guid.TryParse(id, out var identity)
                ? ProblemResults.Map(await identities.DeleteAsync(Actor.Of(http), identity, ct), i => new { identity = IdentityJson.Identity(i, null) })
                : ProblemResults.From(Problem.NotFound("Identity", id)));

        var secrets = group.MapGroup("/{id}/universal-auth/client-secrets");

        secrets.MapPost("/", async (string id, HttpContext http, ClientSecretService clientSecrets, CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var identity))
            {
                return ProblemResults.From(Problem.NotFound("Identity", id));
            }

            var command = await JsonBody.ReadCommandAsync(http.Request, (b, e) => IdentityRequests.ParseClientSecret(b, identity, e), ct);
            return command.IsSuccess
                ? ProblemResults.Map(await clientSecrets.CreateAsync(Actor.Of(http), command.Value, ct), IdentityJson.Created)
                : ProblemResults.From(command.Problem);
        });

        secrets.MapGet("/", async (string id, ClientSecretService clientSecrets, CancellationToken ct) =>
            Guid.TryParse(id, out var identity)
                ? ProblemResults.Map(await clientSecrets.ListAsync(identity, ct), list => new { clientSecretData = list.Select(IdentityJson.ClientSecret) })
                : ProblemResults.From(Problem.NotFound("Identity", id)));

        secrets.MapDelete("/{clientSecretId}", async (string id, string clientSecretId, HttpContext http, ClientSecretService clientSecrets, CancellationToken ct) =>
            Guid.TryParse(id, out var identity) && Guid.TryParse(clientSecretId, out var secret)
                ? ProblemResults.Map(await clientSecrets.DeleteAsync(Actor.Of(http), identity, secret, ct), s => new { clientSecretData = IdentityJson.ClientSecret(s) })
                : ProblemResults.From(Problem.NotFound("Client secret", clientSecretId)));
    }
}
