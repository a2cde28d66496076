namespace Keyturn.Core.Identities;

/// <summary>
/// An identity's role in one project. <paramref name="Environments"/> (slugs) and <paramref name="SecretPathPrefixes"/>
/// (normalised absolute paths) narrow it; null means every environment or every path.
/// </summary>
public sealed record ProjectMembership(
    Guid Id,
    Guid ProjectId,
    Guid IdentityId,
    string Role,
    IReadOnlyList<string>? Environments,
    IReadOnlyList<string>? SecretPathPrefixes,
    DateTimeOffset CreatedAt);

/// <summary>An installation-level grant held by an identity (see <see cref="InstallationGrants"/>).</summary>
public sealed record IdentityGrant(Guid IdentityId, string Grant, DateTimeOffset CreatedAt);
