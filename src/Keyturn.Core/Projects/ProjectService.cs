using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Projects;

/// <summary>Creates and reads projects; every project starts with the three standard environments.</summary>
public sealed class ProjectService(IKeyturnStore store, AuditLog audit, TimeProvider timeProvider)
{
    private static readonly (string Name, string Slug)[] DefaultEnvironments =
        [("Development", "dev"), ("Staging", "staging"), ("Production", "prod")];

    public async Task<Result<ProjectView>> CreateAsync(string actor, string? name, string? slug, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("projectName", "is required");
        }
        else if (name.Length > 64)
        {
            errors.Add("projectName", "must be at most 64 characters");
        }

        if (slug is not null && !Rules.IsProjectSlug(slug))
        {
            errors.Add("slug", Rules.ProjectSlugRule);
        }

        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        var now = timeProvider.GetUtcNow();
        var project = new Project(Guid.NewGuid(), name!.Trim(), slug ?? Rules.SlugFrom(name), now, now);
        var environments = DefaultEnvironments
            .Select((e, i) => new ProjectEnvironment(Guid.NewGuid(), project.Id, e.Name, e.Slug, i))
            .ToList();
        try
        {
            await store.CreateProjectAsync(project, environments, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict($"A project with slug '{project.Slug}' already exists.");
        }

        await audit.RecordAsync(actor, "project.created", "project", project.Id.ToString(), project.Id, new { project.Name, project.Slug }, cancellationToken);
        return new ProjectView(project, environments);
    }

    public async Task<Result<ProjectView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var project = await store.GetProjectAsync(id, cancellationToken);
        if (project is null)
        {
            return Problem.NotFound("Project", id);
        }

        return new ProjectView(project, await store.ListEnvironmentsAsync(id, cancellationToken));
    }

    public async Task<IReadOnlyList<ProjectView>> ListAsync(CancellationToken cancellationToken)
    {
        var views = new List<ProjectView>();
        foreach (var project in await store.ListProjectsAsync(cancellationToken))
        {
            views.Add(new ProjectView(project, await store.ListEnvironmentsAsync(project.Id, cancellationToken)));
        }

        return views;
    }
}
