using Keyturn.Core.Identities;

namespace Keyturn.Server.Views;

/// <summary>The API shape of a project membership; null scopes mean every environment or every path.</summary>
public sealed record MembershipJson(
    Guid Id, Guid ProjectId, Guid IdentityId, string Role, IReadOnlyList<string>? Environments, IReadOnlyList<string>? SecretPathPrefixes, DateTimeOffset CreatedAt)
{
    public static MembershipJson Membership(ProjectMembership m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.ProjectId, m.IdentityId, m.Role, m.Environments, m.SecretPathPrefixes, m.CreatedAt);
    }
}

/// <summary>`{ "membership": {...} }`.</summary>
public sealed record MembershipEnvelope(MembershipJson Membership);

/// <summary>`{ "memberships": [...] }`.</summary>
public sealed record MembershipListEnvelope(IReadOnlyList<MembershipJson> Memberships);
