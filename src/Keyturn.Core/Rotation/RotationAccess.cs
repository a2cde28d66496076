using Keyturn.Core.Access;
using Keyturn.Core.Domain;
using Keyturn.Core.Identities;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Rotation;

/// <summary>
/// Permission checks on existing rotations, whose scope is only known once loaded: the rotation's project, its
/// environment's slug and its folder's path. A rotation that does not exist (or is of another type than the route
/// names) is answered as <see cref="AccessPolicy.Denied"/> to an identity, so a refusal tells nothing about
/// existence; an API token still gets "not found".
/// </summary>
internal static class RotationAccess
{
    /// <summary>For callers that need nothing else from the store: an API token passes without a read.</summary>
    public static async Task<Problem?> CheckAsync(
        IKeyturnStore store, Principal principal, Permission permission, string? type, Guid id, CancellationToken cancellationToken)
    {
        if (principal.IsRoot)
        {
            return null;
        }

        var rotation = await store.GetRotationAsync(id, cancellationToken);
        if (rotation is null || (type is not null && rotation.Type != type))
        {
            return AccessPolicy.Denied;
        }

        var environment = await store.GetEnvironmentAsync(rotation.EnvironmentId, cancellationToken);
        var folder = await store.GetFolderByIdAsync(rotation.FolderId, cancellationToken);
        return Check(principal, permission, rotation, environment, folder);
    }

    /// <summary>The rotation missing (or of another type) or the permission not held: the refusal the principal gets.</summary>
    public static Problem Missing(Principal principal, Guid id) =>
        principal.IsRoot ? Problem.NotFound("Secret rotation", id) : AccessPolicy.Denied;

    public static Problem? Check(Principal principal, Permission permission, SecretRotation rotation, ProjectEnvironment? environment, Folder? folder) =>
        environment is null || folder is null
            ? (principal.IsRoot ? null : AccessPolicy.Denied)
            : AccessPolicy.Check(principal, permission, rotation.ProjectId, environment.Slug, folder.Path);

    /// <summary>
    /// Whether the principal may list a project's rotations at all: a membership of rotation-admin or above in it,
    /// whatever its environment and path limits (the list is then filtered to the rotations it covers).
    /// </summary>
    public static bool MayList(Principal principal, Guid projectId) => AccessPolicy.HoldsRole(principal, projectId, ProjectRoles.RotationAdmin);
}
