namespace Keyturn.Server.Http;

/// <summary>
/// Endpoint metadata: an identity's token may call this route although it has no memberships yet (see
/// <see cref="BearerTokenFilter"/>). Only token revocation carries it.
/// </summary>
public sealed class MembershipExemption
{
    public static readonly MembershipExemption Instance = new();

    private MembershipExemption()
    {
    }
}
