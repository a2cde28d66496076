using Keyturn.Core.Results;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Secrets;

/// <summary>
/// Where a secret request points, checked for form only: the project id, the environment slug and the normalised folder
/// path. It is what a permission is checked against, before anything is read from the store (so a refusal tells nothing
/// about whether the project, environment or folder exists).
/// </summary>
public sealed record SecretScope(Guid ProjectId, string Environment, string Path)
{
    /// <summary>
    /// The scope named by Infisical's (workspaceId, environment, secretPath), or null with each wrong field in
    /// <paramref name="errors"/>. A missing secretPath means the root folder, as in Infisical; an empty one is refused.
    /// </summary>
    public static SecretScope? Parse(string? workspaceId, string? environment, string? secretPath, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var projectId = Guid.Empty;
        var projectOk = false;
        if (string.IsNullOrEmpty(workspaceId))
        {
            errors.Add("workspaceId", "is required");
        }
        else if (!(projectOk = Guid.TryParse(workspaceId, out projectId)))
        {
            errors.Add("workspaceId", Rules.GuidRule);
        }

        if (string.IsNullOrEmpty(environment))
        {
            errors.Add("environment", "is required");
        }

        var path = Rules.NormalizeSecretPath(secretPath ?? "/");
        if (path is null)
        {
            errors.Add("secretPath", Rules.SecretPathRule);
        }

        return projectOk && !string.IsNullOrEmpty(environment) && path is not null
            ? new SecretScope(projectId, environment, path)
            : null;
    }
}
