using Keyturn.Core.Audit;
using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;

namespace Keyturn.Core.Identities;

/// <summary>
/// Revokes an identity's access token. The store marks it revoked in the database, and token lookups for identities
/// never come from a node's read cache, so the next request on any node is refused.
/// </summary>
public sealed class AccessTokenRevocation(ITokenStore tokens, AuditLog audit, TimeProvider timeProvider)
{
    /// <summary>False when the value names no unrevoked identity token (the root token cannot be revoked this way).</summary>
    public async Task<bool> RevokeAsync(string actor, string accessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        var hash = ApiTokens.Hash(accessToken);
        if (await tokens.FindTokenByHashAsync(hash, cancellationToken) is not { IdentityId: { } identityId } token
            || !await tokens.RevokeIdentityTokenAsync(hash, timeProvider.GetUtcNow(), cancellationToken))
        {
            return false;
        }

        await audit.RecordAsync(actor, "identity.token.revoked", "identity", identityId.ToString(), null, new { tokenId = token.Id }, cancellationToken);
        return true;
    }
}
