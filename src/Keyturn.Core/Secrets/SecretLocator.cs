using Keyturn.Core.Results;
using Keyturn.Core.Storage;
using Keyturn.Core.Validation;

namespace Keyturn.Core.Secrets;

/// <summary>Turns the API's (workspaceId, environment slug, secretPath) into a location, naming the field that is wrong.</summary>
public sealed class SecretLocator(IKeyturnStore store)
{
    public async Task<Result<SecretLocation>> FindAsync(string? workspaceId, string? environment, string? secretPath, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(workspaceId))
        {
            errors.Add("workspaceId", "is required");
        }
        else if (!Guid.TryParse(workspaceId, out _))
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

        if (!errors.IsEmpty)
        {
            return Problem.Invalid(errors);
        }

        var projectId = Guid.Parse(workspaceId!);
        var project = await store.GetProjectAsync(projectId, cancellationToken);
        if (project is null)
        {
            return Problem.NotFound("Project", projectId);
        }

        var environments = await store.ListEnvironmentsAsync(projectId, cancellationToken);
        var env = environments.FirstOrDefault(e => e.Slug == environment);
        if (env is null)
        {
            return new Problem(ProblemKind.NotFound, "Environment not found", $"Project '{project.Slug}' has no environment '{environment}'.");
        }

        var folder = await store.GetFolderAsync(env.Id, path!, cancellationToken);
        return new SecretLocation(project, env, path!, folder);
    }
}
