using System.Text.Json;
using Keyturn.Core.Domain;
using Keyturn.Core.Projects;
using Keyturn.Core.Rotation;
using Keyturn.Core.Secrets;

namespace Keyturn.Server.Views;

/// <summary>The JSON shapes of the API (Infisical's where a client exists for them). Anonymous types keep each shape in one place.</summary>
public static class ApiViews
{
    public static object Project(ProjectView view) => new
    {
        id = view.Project.Id,
        name = view.Project.Name,
        slug = view.Project.Slug,
        createdAt = view.Project.CreatedAt,
        updatedAt = view.Project.UpdatedAt,
        environments = view.Environments.Select(e => new { id = e.Id, name = e.Name, slug = e.Slug }),
    };

    public static object Connection(AppConnection connection) => ConnectionJson.From(connection);

    /// <summary>The rotation shape (a named type: see <see cref="RotationJson"/>).</summary>
    public static RotationJson Rotation(RotationDetails details) => RotationJson.From(details);
}
