using Keyturn.Core.Access;
using Keyturn.Core.Results;

namespace Keyturn.Server.Identities;

/// <summary>What an endpoint answers for an id that cannot name anything (not a GUID), before any service is asked.</summary>
public static class AccessAnswers
{
    /// <summary>
    /// The API token keeps its 404; anyone else gets the one refusal, so a malformed id is answered like an existing
    /// resource the principal may not see (AccessPolicy's rule for lookups by id).
    /// </summary>
    public static Problem Missing(Principal principal, Problem notFound)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.IsRoot ? notFound : AccessPolicy.Denied;
    }
}
