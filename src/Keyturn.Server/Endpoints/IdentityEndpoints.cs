using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.Identities;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>/api/v1/identities: machine identities (their client secrets are <see cref="ClientSecretEndpoints"/>).</summary>
public static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/identities").WithTags("identities").NeedsToken();

        group.MapPost("/", async (HttpContext http, IdentityService identities, CancellationToken ct) =>
        {
            var command = await JsonBody.ReadCommandAsync(http.Request, IdentityRequests.ParseIdentity, ct);
            return command.IsSuccess
                ? ProblemResults.Map(await identities.CreateAsync(RequestPrincipal.Of(http), command.Value, ct), i => new IdentityEnvelope(IdentityJson.Identity(i, null)))
                : ProblemResults.From(command.Problem);
        }).Reads<CreateIdentityRequest>().Answers<IdentityEnvelope>().MayConflict();

        group.MapGet("/", async (HttpContext http, IdentityService identities, IdentityGrantService grants, CancellationToken ct) =>
        {
            var list = await identities.ListAsync(RequestPrincipal.Of(http), ct);
            var held = list.IsSuccess ? await grants.ListAllAsync(ct) : null;
            return ProblemResults.Map(list, all => new IdentityListEnvelope([.. all.Select(i => IdentityJson.Identity(i, held![i.Id]))]));
        }).Answers<IdentityListEnvelope>();

        group.MapGet("/{id}", async (string id, HttpContext http, IdentityService identities, IdentityGrantService grants, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            if (!Guid.TryParse(id, out var identity))
            {
                return ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Identity", id)));
            }

            var found = await identities.GetAsync(principal, identity, ct);
            var held = found.IsSuccess ? await grants.ListAsync(identity, ct) : [];
            return ProblemResults.Map(found, i => new IdentityEnvelope(IdentityJson.Identity(i, held)));
        }).Answers<IdentityEnvelope>().MayMiss();

        group.MapDelete("/{id}", async (string id, HttpContext http, IdentityService identities, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            return Guid.TryParse(id, out var identity)
                ? ProblemResults.Map(await identities.DeleteAsync(principal, identity, ct), i => new IdentityEnvelope(IdentityJson.Identity(i, null)))
                : ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Identity", id)));
        }).Answers<IdentityEnvelope>().MayMiss();

        api.MapClientSecretEndpoints();
    }
}
