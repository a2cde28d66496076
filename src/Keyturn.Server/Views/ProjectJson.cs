using Keyturn.Core.Projects;

namespace Keyturn.Server.Views;

/// <summary>A project with its environments in order.</summary>
public sealed record ProjectJson(Guid Id, string Name, string Slug, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ProjectEnvironmentJson> Environments)
{
    public static ProjectJson From(ProjectView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var p = view.Project;
        return new(p.Id, p.Name, p.Slug, p.CreatedAt, p.UpdatedAt, [.. view.Environments.Select(e => new ProjectEnvironmentJson(e.Id, e.Name, e.Slug))]);
    }
}

public sealed record ProjectEnvironmentJson(Guid Id, string Name, string Slug);

/// <summary>`{ "project": {...} }`.</summary>
public sealed record ProjectEnvelope(ProjectJson Project);

/// <summary>`{ "projects": [...] }`.</summary>
public sealed record ProjectListEnvelope(IReadOnlyList<ProjectJson> Projects);
