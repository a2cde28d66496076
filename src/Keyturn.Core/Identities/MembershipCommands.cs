namespace Keyturn.Core.Identities;

/// <summary>
/// A membership to make, as the API read it: the role is known and the prefixes normalised; whether the project,
/// the identity and the environments exist is the service's check.
/// </summary>
public sealed record CreateMembershipCommand(
    Guid ProjectId,
    Guid IdentityId,
    string Role,
    IReadOnlyList<string>? Environments,
    IReadOnlyList<string>? SecretPathPrefixes);
