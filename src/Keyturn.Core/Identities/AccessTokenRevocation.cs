using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;

namespace Keyturn.Core.Identities;

/// <summary>
/// Revokes an identity's access token. The store marks it revoked in the database, and token lookups for identities
/// never come from a node's read cache, so the next request on any node is refused. Any valid token may revoke a token
/// whose value it presents (<see cref="Permission.Authenticated"/>): holding the value is already holding its rights.
/// </summary>
public sealed class AccessTokenRevocation(ITokenStore tokens, AuditLog audit, TimeProvider timeProvider)
{
    /// <summary>False when the value names no unrevoked identity token (the root token cannot be revoked this way).</summary>
    public async Task<bool> RevokeAsync(Principal principal, string accessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        if (!AccessPolicy.Allows(principal, Permission.Authenticated))
        {
            return false;
        }

        var hash = ApiTokens.Hash(accessToken);
        if (await tokens.FindTokenByHashAsync(hash, cancellationToken) is not { IdentityId: { } identityId } token
            || !await tokens.RevokeIdentityTokenAsync(hash, timeProvider.GetUtcNow(), cancellationToken))
        {
            return false;
        }

        await audit.RecordAsync(principal.Actor, "identity.token.revoked", "identity", identityId.ToString(), null, new { tokenId = token.Id }, cancellationToken);
        return true;
    }
}
