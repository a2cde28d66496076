using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Secrets;

/// <summary>Resolves a <see cref="SecretScope"/> to its project, environment and folder, naming what does not exist.</summary>
public sealed class SecretLocator(IKeyturnStore store)
{
    public async Task<Result<SecretLocation>> FindAsync(SecretScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var project = await store.GetProjectAsync(scope.ProjectId, cancellationToken);
        if (project is null)
        {
            return Problem.NotFound("Project", scope.ProjectId);
        }

        var environments = await store.ListEnvironmentsAsync(scope.ProjectId, cancellationToken);
        var env = environments.FirstOrDefault(e => e.Slug == scope.Environment);
        if (env is null)
        {
            return new Problem(ProblemKind.NotFound, "Environment not found", $"Project '{project.Slug}' has no environment '{scope.Environment}'.");
        }

        var folder = await store.GetFolderAsync(env.Id, scope.Path, cancellationToken);
        return new SecretLocation(project, env, scope.Path, folder);
    }
}
