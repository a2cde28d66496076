using Keyturn.Core.Identities;

namespace Keyturn.Core.Access;

/// <summary>
/// Who is asking, as the bearer token showed: the audit actor ("token:root", "identity:{id}"), the identity (null for
/// an API token, which holds full rights), that identity's memberships and installation grants as they stood when the
/// request arrived, and the address the request came from. Services take this instead of an actor string and ask
/// <see cref="AccessPolicy"/> before they look anything up.
/// </summary>
public sealed record Principal(
    string Actor,
    Guid? IdentityId,
    IReadOnlyList<ProjectMembership> Memberships,
    IReadOnlyCollection<string> Grants,
    string? SourceAddress)
{
    /// <summary>An API token (the root token the server generated, or one made with it): every right.</summary>
    public bool IsRoot => IdentityId is null;

    /// <summary>Keyturn itself or an API token: full rights, recorded under <paramref name="actor"/>.</summary>
    public static Principal Root(string actor, string? sourceAddress = null) => new(actor, null, [], [], sourceAddress);

    /// <summary>A machine identity with what it holds now.</summary>
    public static Principal Identity(Guid identityId, IReadOnlyList<ProjectMembership> memberships, IReadOnlyCollection<string> grants, string? sourceAddress) =>
        new($"identity:{identityId}", identityId, memberships, grants, sourceAddress);
}
