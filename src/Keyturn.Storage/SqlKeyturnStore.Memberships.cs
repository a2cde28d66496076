using System.Data.Common;
using System.Text.Json;
using Keyturn.Core.Identities;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    private const string MembershipColumns = "id, project_id, identity_id, role, environments_json, path_prefixes_json, created_at";

    // Memberships and grants are never cached: revoking a right must take effect on the next request on every node.
    public Task CreateMembershipAsync(ProjectMembership membership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return WriteAsync(db => db.Sql($"""
                INSERT INTO project_memberships ({MembershipColumns})
                VALUES (@id, @project_id, @identity_id, @role, @environments_json, @path_prefixes_json, @created_at)
                """)
                .Add("id", membership.Id).Add("project_id", membership.ProjectId).Add("identity_id", membership.IdentityId)
                .Add("role", membership.Role).Add("environments_json", ScopeJson(membership.Environments))
                .Add("path_prefixes_json", ScopeJson(membership.SecretPathPrefixes)).Add("created_at", membership.CreatedAt)
                .ExecuteAsync(cancellationToken),
            Conflict($"identity {membership.IdentityId} already has a membership in project {membership.ProjectId}",
                $"project {membership.ProjectId} or identity {membership.IdentityId} does not exist"), cancellationToken,
            invalidates: CacheKinds.None);
    }

    public Task<ProjectMembership?> GetMembershipAsync(Guid projectId, Guid id, CancellationToken cancellationToken) =>
        ReadAsync(db => db.Sql($"SELECT {MembershipColumns} FROM project_memberships WHERE id = @id AND project_id = @project_id")
            .Add("id", id).Add("project_id", projectId).FirstOrDefaultAsync(ReadMembership, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<ProjectMembership>> ListMembershipsAsync(Guid projectId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {MembershipColumns} FROM project_memberships WHERE project_id = @project_id ORDER BY created_at, id")
            .Add("project_id", projectId).QueryAsync(ReadMembership, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<ProjectMembership>> ListMembershipsOfIdentityAsync(Guid identityId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.Sql($"SELECT {MembershipColumns} FROM project_memberships WHERE identity_id = @identity_id ORDER BY created_at, id")
            .Add("identity_id", identityId).QueryAsync(ReadMembership, cancellationToken), cancellationToken);

    public Task<bool> DeleteMembershipAsync(Guid projectId, Guid id, CancellationToken cancellationToken) =>
        WriteAsync(async db => await db.Sql("DELETE FROM project_memberships WHERE id = @id AND project_id = @project_id")
                .Add("id", id).Add("project_id", projectId).ExecuteAsync(cancellationToken) == 1,
            Conflict("a concurrent write won; retry", "a concurrent write won; retry"), cancellationToken, invalidates: CacheKinds.None);

    public Task<bool> AddIdentityGrantAsync(IdentityGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return WriteAsync(async db => await db.Sql("""
                INSERT INTO identity_grants (identity_id, grant_name, created_at) VALUES (@identity_id, @grant_name, @created_at)
                ON CONFLICT (identity_id, grant_name) DO NOTHING
                """)
                .Add("identity_id", grant.IdentityId).Add("grant_name", grant.Grant).Add("created_at", grant.CreatedAt)
                .ExecuteAsync(cancellationToken) == 1,
            Conflict("a concurrent write won; retry", $"identity {grant.IdentityId} does not exist"), cancellationToken,
            invalidates: CacheKinds.None);
    }

    public Task<bool> RemoveIdentityGrantAsync(Guid identityId, string grant, CancellationToken cancellationToken) =>
        WriteAsync(async db => await db.Sql("DELETE FROM identity_grants WHERE identity_id = @identity_id AND grant_name = @grant_name")
                .Add("identity_id", identityId).Add("grant_name", grant).ExecuteAsync(cancellationToken) == 1,
            Conflict("a concurrent write won; retry", "a concurrent write won; retry"), cancellationToken, invalidates: CacheKinds.None);

    public async Task<IReadOnlyList<IdentityGrant>> ListIdentityGrantsAsync(Guid? identityId, CancellationToken cancellationToken) =>
        await ReadAsync(db => (identityId is { } id
                ? db.Sql("SELECT identity_id, grant_name, created_at FROM identity_grants WHERE identity_id = @identity_id ORDER BY grant_name").Add("identity_id", id)
                : db.Sql("SELECT identity_id, grant_name, created_at FROM identity_grants ORDER BY identity_id, grant_name"))
            .QueryAsync(r => new IdentityGrant(r.GetGuid(0), r.GetString(1), r.GetTime(2)), cancellationToken), cancellationToken);

    private static string? ScopeJson(IReadOnlyList<string>? scope) => scope is null ? null : JsonSerializer.Serialize(scope);

    private static string[]? ReadScope(DbDataReader r, int ordinal) =>
        r.GetStringOrNull(ordinal) is { } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : null;

    private static ProjectMembership ReadMembership(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), ReadScope(r, 4), ReadScope(r, 5), r.GetTime(6));
}
