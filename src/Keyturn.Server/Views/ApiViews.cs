using Keyturn.Core.Domain;
using Keyturn.Core.Projects;
using Keyturn.Core.Rotation;

namespace Keyturn.Server.Views;

/// <summary>
/// The JSON shapes of the API (Infisical's where a client exists for them), as named records so the OpenAPI document
/// describes exactly the type an endpoint writes (the field names and order the anonymous shapes had).
/// </summary>
public static class ApiViews
{
    public static ProjectJson Project(ProjectView view) => ProjectJson.From(view);

    public static AppConnectionJson Connection(AppConnection connection) => ConnectionJson.From(connection);

    /// <summary>The rotation shape (a named type: see <see cref="RotationJson"/>).</summary>
    public static RotationJson Rotation(RotationDetails details) => RotationJson.From(details);
}
