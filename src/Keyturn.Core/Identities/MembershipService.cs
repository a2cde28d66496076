using Keyturn.Core.Audit;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Identities;

/// <summary>
/// Project memberships: which identity holds which role in a project, narrowed to environments and path prefixes.
/// Only records them; the authorization service that reads them decides what a request may do.
/// </summary>
public sealed class MembershipService(IKeyturnStore store, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<Result<ProjectMembership>> CreateAsync(string actor, CreateMembershipCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await store.GetProjectAsync(command.ProjectId, cancellationToken) is null)
        {
            return Problem.NotFound("Project", command.ProjectId);
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

        await audit.RecordAsync(actor, "membership.created", "membership", membership.Id.ToString(), membership.ProjectId,
            new
            {
                identityId = membership.IdentityId, role = membership.Role,
                environments = membership.Environments, secretPathPrefixes = membership.SecretPathPrefixes,
            }, cancellationToken);
        return membership;
    }

    public async Task<Result<ProjectMembership[]>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        await store.GetProjectAsync(projectId, cancellationToken) is null
            ? Problem.NotFound("Project", projectId)
            : (ProjectMembership[])[.. await store.ListMembershipsAsync(projectId, cancellationToken)];

    public async Task<Result<ProjectMembership>> GetAsync(Guid projectId, Guid id, CancellationToken cancellationToken) =>
        await store.GetMembershipAsync(projectId, id, cancellationToken) is { } membership ? membership : Problem.NotFound("Membership", id);

    public async Task<Result<ProjectMembership>> DeleteAsync(string actor, Guid projectId, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(projectId, id, cancellationToken);
        if (!found.IsSuccess || !await store.DeleteMembershipAsync(projectId, id, cancellationToken))
        {
            return Problem.NotFound("Membership", id);
        }

        await audit.RecordAsync(actor, "membership.deleted", "membership", id.ToString(), projectId,
            new { identityId = found.Value.IdentityId, role = found.Value.Role }, cancellationToken);
        return found.Value;
    }

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
