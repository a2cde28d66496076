using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.Identities;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>/api/v1/identities/{id}/grants: installation-level grants such as connection-admin (API tokens only).</summary>
public static class IdentityGrantEndpoints
{
    public static void MapIdentityGrantEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/identities/{id}/grants").WithTags("identities").NeedsToken();

        group.MapPost("/", async (string id, HttpContext http, IdentityGrantService grants, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            if (!Guid.TryParse(id, out var identity))
            {
                return ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Identity", id)));
            }

            var grant = await JsonBody.ReadCommandAsync(http.Request, MembershipRequests.ParseGrant, ct);
            return grant.IsSuccess
                ? ProblemResults.Map(await grants.GrantAsync(principal, identity, grant.Value, ct), list => new GrantListEnvelope(list))
                : ProblemResults.From(grant.Problem);
        }).Reads<GrantRequest>().Answers<GrantListEnvelope>().MayMiss();

        group.MapDelete("/{grant}", async (string id, string grant, HttpContext http, IdentityGrantService grants, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            return Guid.TryParse(id, out var identity)
                ? ProblemResults.Map(await grants.RevokeAsync(principal, identity, grant, ct), list => new GrantListEnvelope(list))
                : ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Identity", id)));
        }).Answers<GrantListEnvelope>().MayMiss();
    }
}
