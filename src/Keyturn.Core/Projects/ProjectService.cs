using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Projects;

/// <summary>
/// Creates and reads projects; every project starts with the three standard environments. Only API tokens create
/// projects; an identity sees the projects it holds a membership in.
/// </summary>
public sealed class ProjectService(IKeyturnStore store, AuditLog audit, TimeProvider timeProvider)
{
    private static readonly (string Name, string Slug)[] DefaultEnvironments =
        [("Development", "dev"), ("Staging", "staging"), ("Production", "prod")];

    public async Task<Result<ProjectView>> CreateAsync(Principal principal, CreateProjectCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AccessPolicy.Check(principal, Permission.ProjectCreate) is { } denied)
        {
            return denied;
        }

        var now = timeProvider.GetUtcNow();
        var project = new Project(Guid.NewGuid(), command.Name, command.Slug ?? Rules.SlugFrom(command.Name), now, now);
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

        await audit.RecordAsync(principal.Actor, "project.created", "project", project.Id.ToString(), project.Id, new { project.Name, project.Slug }, cancellationToken);
        return new ProjectView(project, environments);
    }

    /// <summary>A project the principal belongs to; for anyone but an API token, one that does not exist is refused alike.</summary>
    public async Task<Result<ProjectView>> GetAsync(Principal principal, Guid id, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.ProjectRead, id) is { } denied)
        {
            return denied;
        }

        var project = await store.GetProjectAsync(id, cancellationToken);
        if (project is null)
        {
            return Unknown(principal, id.ToString());
        }

        return new ProjectView(project, await store.ListEnvironmentsAsync(id, cancellationToken));
    }

    /// <summary>
    /// The answer for a project id that cannot exist (not a GUID): the old 404 for an API token, and for an identity
    /// the same refusal as for a project it may not see.
    /// </summary>
    public static Problem Unknown(Principal principal, string id)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.IsRoot ? Problem.NotFound("Project", id) : AccessPolicy.Denied;
    }

    /// <summary>Every project for an API token; for an identity only those it holds a membership in.</summary>
    public async Task<IReadOnlyList<ProjectView>> ListAsync(Principal principal, CancellationToken cancellationToken)
    {
        var visible = AccessPolicy.VisibleProjects(principal);
        var views = new List<ProjectView>();
        foreach (var project in await store.ListProjectsAsync(cancellationToken))
        {
            if (visible is null || visible.Contains(project.Id))
            {
                views.Add(new ProjectView(project, await store.ListEnvironmentsAsync(project.Id, cancellationToken)));
            }
        }

        return views;
    }
}
