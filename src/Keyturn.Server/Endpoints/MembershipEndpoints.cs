using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Server.Http;
using Keyturn.Server.Identities;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>/api/v1/projects/{projectId}/memberships: the roles identities hold in a project (the project's admins manage them).</summary>
public static class MembershipEndpoints
{
    public static void MapMembershipEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/projects/{projectId}/memberships").WithTags("memberships").NeedsToken();

        group.MapPost("/", async (string projectId, HttpContext http, MembershipService memberships, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            if (!Guid.TryParse(projectId, out var project))
            {
                return ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Project", projectId)));
            }

            var command = await JsonBody.ReadCommandAsync(http.Request, (b, e) => MembershipRequests.ParseMembership(b, project, e), ct);
            return command.IsSuccess
                ? ProblemResults.Map(await memberships.CreateAsync(principal, command.Value, ct), m => new MembershipEnvelope(MembershipJson.Membership(m)))
                : ProblemResults.From(command.Problem);
        }).Reads<CreateMembershipRequest>().Answers<MembershipEnvelope>().MayMiss().MayConflict();

        group.MapGet("/", async (string projectId, HttpContext http, MembershipService memberships, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            return Guid.TryParse(projectId, out var project)
                ? ProblemResults.Map(await memberships.ListAsync(principal, project, ct), list => new MembershipListEnvelope([.. list.Select(MembershipJson.Membership)]))
                : ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Project", projectId)));
        }).Answers<MembershipListEnvelope>().MayMiss();

        group.MapGet("/{id}", async (string projectId, string id, HttpContext http, MembershipService memberships, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            return Guid.TryParse(projectId, out var project) && Guid.TryParse(id, out var membership)
                ? ProblemResults.Map(await memberships.GetAsync(principal, project, membership, ct), m => new MembershipEnvelope(MembershipJson.Membership(m)))
                : ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Membership", id)));
        }).Answers<MembershipEnvelope>().MayMiss();

        group.MapDelete("/{id}", async (string projectId, string id, HttpContext http, MembershipService memberships, CancellationToken ct) =>
        {
            var principal = RequestPrincipal.Of(http);
            return Guid.TryParse(projectId, out var project) && Guid.TryParse(id, out var membership)
                ? ProblemResults.Map(await memberships.DeleteAsync(principal, project, membership, ct), m => new MembershipEnvelope(MembershipJson.Membership(m)))
                : ProblemResults.From(AccessAnswers.Missing(principal, Problem.NotFound("Membership", id)));
        }).Answers<MembershipEnvelope>().MayMiss();
    }
}
