using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Identities;

/// <summary>
/// Project memberships: which identity holds which role in a project, narrowed to environments and path prefixes.
/// Every method needs <see cref="Permission.MembershipManage"/> on the route's project (an admin without environment or
/// path limits), checked before anything is looked up. A membership only ever names the project it was asked for, so
/// an admin of one project gives roles there and nowhere else; installation grants are the identity service's (root).
/// </summary>
public sealed class MembershipService(IKeyturnStore store, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<Result<ProjectMembership>> CreateAsync(Principal principal, CreateMembershipCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AccessPolicy.Check(principal, Permission.MembershipManage, command.ProjectId) is { } denied)
        {
            return denied;
        }

        if (await store.GetProjectAsync(command.ProjectId, cancellationToken) is null)
        {
            return Missing(principal, Problem.NotFound("Project", command.ProjectId));
        }

        if (await store.GetIdentityAsync(command.IdentityId, cancellationToken) is null)
        {
            return Problem.NotFound("Identity", command.IdentityId);
        }

        if (command.Environments is { } environments && await UnknownEnvironmentAsync(command.ProjectId, environments, cancellationToken) is { } problem)
        {
            return problem;
        }

        var membership = new ProjectMembership(Guid.NewGuid(), command.ProjectId, command.IdentityId, command.Role,
            command.Environments, command.SecretPathPrefixes, timeProvider.GetUtcNow());
        try
        {
            await store.CreateMembershipAsync(membership, cancellationToken);
        }
        catch (StoreConflictException)
        {
            // Either the pair exists already or the identity (or project) was deleted meanwhile: look again to say which.
            return await store.GetIdentityAsync(command.IdentityId, cancellationToken) is null
                ? Problem.NotFound("Identity", command.IdentityId)
                : Problem.Conflict($"Identity '{command.IdentityId}' already has a membership in project '{command.ProjectId}'; delete it first to change it.");
        }

        await audit.RecordAsync(principal.Actor, "membership.created", "membership", membership.Id.ToString(), membership.ProjectId,
            new
            {
                identityId = membership.IdentityId, role = membership.Role,
                environments = membership.Environments, secretPathPrefixes = membership.SecretPathPrefixes,
            }, cancellationToken);
        return membership;
    }

    public async Task<Result<ProjectMembership[]>> ListAsync(Principal principal, Guid projectId, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.MembershipManage, projectId) is { } denied)
        {
            return denied;
        }

        return await store.GetProjectAsync(projectId, cancellationToken) is null
            ? Missing(principal, Problem.NotFound("Project", projectId))
            : (ProjectMembership[])[.. await store.ListMembershipsAsync(projectId, cancellationToken)];
    }

    public async Task<Result<ProjectMembership>> GetAsync(Principal principal, Guid projectId, Guid id, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.MembershipManage, projectId) is { } denied)
        {
            return denied;
        }

        return await store.GetMembershipAsync(projectId, id, cancellationToken) is { } membership
            ? membership
            : Missing(principal, Problem.NotFound("Membership", id));
    }

    public async Task<Result<ProjectMembership>> DeleteAsync(Principal principal, Guid projectId, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, projectId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        if (!await store.DeleteMembershipAsync(projectId, id, cancellationToken))
        {
            return Missing(principal, Problem.NotFound("Membership", id));
        }

        await audit.RecordAsync(principal.Actor, "membership.deleted", "membership", id.ToString(), projectId,
            new { identityId = found.Value.IdentityId, role = found.Value.Role }, cancellationToken);
        return found.Value;
    }

    // Root keeps its 404; anyone else gets the one refusal, so a missing membership looks like one it may not see.
    private static Problem Missing(Principal principal, Problem notFound) => principal.IsRoot ? notFound : AccessPolicy.Denied;

    private async Task<Problem?> UnknownEnvironmentAsync(Guid projectId, IReadOnlyList<string> slugs, CancellationToken cancellationToken)
    {
        var known = (await store.ListEnvironmentsAsync(projectId, cancellationToken)).Select(e => e.Slug).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < slugs.Count; i++)
        {
            if (!known.Contains(slugs[i]))
            {
                return Problem.Invalid($"environments[{i}]", $"must be the slug of one of the project's environments ({string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }
        }

        return null;
    }
}
