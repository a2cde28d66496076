using Keyturn.Core.Projects;
using Keyturn.Server.Http;
using Keyturn.Server.OpenApi;
using Keyturn.Server.Projects;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

/// <summary>/api/v1/projects: ProjectService checks who may create, list and read them.</summary>
public static class ProjectEndpoints
{
    public static void MapProjectEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/projects").WithTags("projects").NeedsToken();

        group.MapPost("/", async (HttpContext http, ProjectService projects, CancellationToken ct) =>
        {
            var command = await JsonBody.ReadCommandAsync(http.Request, ProjectRequests.ParseCreate, ct);
            return command.IsSuccess
                ? ProblemResults.Map(await projects.CreateAsync(RequestPrincipal.Of(http), command.Value, ct), p => new ProjectEnvelope(ApiViews.Project(p)))
                : ProblemResults.From(command.Problem);
        }).Reads<CreateProjectRequest>().Answers<ProjectEnvelope>().MayConflict();

        group.MapGet("/", async (HttpContext http, ProjectService projects, CancellationToken ct) =>
            Results.Json(new ProjectListEnvelope([.. (await projects.ListAsync(RequestPrincipal.Of(http), ct)).Select(ApiViews.Project)])))
            .Answers<ProjectListEnvelope>();

        group.MapGet("/{id}", async (string id, HttpContext http, ProjectService projects, CancellationToken ct) =>
            Guid.TryParse(id, out var projectId)
                ? ProblemResults.Map(await projects.GetAsync(RequestPrincipal.Of(http), projectId, ct), p => new ProjectEnvelope(ApiViews.Project(p)))
                : ProblemResults.From(ProjectService.Unknown(RequestPrincipal.Of(http), id)))
            .Answers<ProjectEnvelope>().MayMiss();
    }
}
