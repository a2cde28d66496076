using Keyturn.Core.Projects;
using Keyturn.Core.Validation;
using Keyturn.Server.Http;
using Keyturn.Server.Views;

namespace Keyturn.Server.Endpoints;

public static class ProjectEndpoints
{
    private static readonly string[] CreateFields = ["projectName", "slug"];

    public static void MapProjectEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/v1/projects").WithTags("projects");

        group.MapPost("/", async (HttpContext http, ProjectService projects, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, ct);
            if (!body.IsSuccess)
            {
                return ProblemResults.From(body.Problem);
            }

            var errors = new Keyturn.Core.Results.ValidationErrors();
            Json.RejectUnknown(body.Value, CreateFields, errors);
            var name = Json.OptionalString(body.Value, "projectName", errors);
            var slug = Json.OptionalString(body.Value, "slug", errors);
            if (!errors.IsEmpty)
            {
                return ProblemResults.From(Keyturn.Core.Results.Problem.Invalid(errors));
            }

            var created = await projects.CreateAsync(Actor.Of(http), name, slug, ct);
            return ProblemResults.Map(created, p => new { project = ApiViews.Project(p) });
        });

        group.MapGet("/", async (ProjectService projects, CancellationToken ct) =>
            Results.Json(new { projects = (await projects.ListAsync(ct)).Select(ApiViews.Project) }));

        group.MapGet("/{id}", async (string id, ProjectService projects, CancellationToken ct) =>
            Guid.TryParse(id, out var projectId)
                ? ProblemResults.Map(await projects.GetAsync(projectId, ct), p => new { project = ApiViews.Project(p) })
                : ProblemResults.From(Keyturn.Core.Results.Problem.NotFound("Project", id)));
    }
}
