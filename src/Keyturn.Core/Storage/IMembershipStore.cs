using Keyturn.Core.Identities;

namespace Keyturn.Core.Storage;

/// <summary>Project memberships of identities and their installation-level grants. Both go with their identity and project.</summary>
public interface IMembershipStore
{
    /// <summary>
    /// Inserts the membership. A second one for the same (project, identity), or a project or identity that does not
    /// exist (any more), is a <see cref="StoreConflictException"/>.
    /// </summary>
    Task CreateMembershipAsync(ProjectMembership membership, CancellationToken cancellationToken);

    Task<ProjectMembership?> GetMembershipAsync(Guid projectId, Guid id, CancellationToken cancellationToken);

    /// <summary>The project's memberships, oldest first.</summary>
    Task<IReadOnlyList<ProjectMembership>> ListMembershipsAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>Every membership the identity holds, oldest first: what the authorization service reads per token.</summary>
    Task<IReadOnlyList<ProjectMembership>> ListMembershipsOfIdentityAsync(Guid identityId, CancellationToken cancellationToken);

    /// <summary>False when the project has no such membership.</summary>
    Task<bool> DeleteMembershipAsync(Guid projectId, Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the identity the grant; false when it already held it. An identity that does not exist is a
    /// <see cref="StoreConflictException"/>.
    /// </summary>
    Task<bool> AddIdentityGrantAsync(IdentityGrant grant, CancellationToken cancellationToken);

    /// <summary>False when the identity did not hold the grant.</summary>
    Task<bool> RemoveIdentityGrantAsync(Guid identityId, string grant, CancellationToken cancellationToken);

    /// <summary>The grants of one identity, or of every identity when <paramref name="identityId"/> is null.</summary>
    Task<IReadOnlyList<IdentityGrant>> ListIdentityGrantsAsync(Guid? identityId, CancellationToken cancellationToken);
}
