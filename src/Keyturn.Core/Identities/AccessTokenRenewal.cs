using Keyturn.Core.Audit;
using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;

namespace Keyturn.Core.Identities;

/// <summary>
/// Infisical's token renew: an identity's live access token lives another access-token TTL from now, but never past its
/// login plus the identity's max TTL (then the client must log in again). Presenting the token is the proof, as for
/// revocation; a revoked, expired, unknown or root token is refused with the same null.
/// </summary>
public sealed class AccessTokenRenewal(IIdentityStore identities, ITokenStore tokens, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<IssuedAccessToken?> RenewAsync(string accessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        var hash = ApiTokens.Hash(accessToken);
        var now = timeProvider.GetUtcNow();
        if (await tokens.FindTokenByHashAsync(hash, cancellationToken) is not { IdentityId: { } identityId, ExpiresAt: { } expiresAt } token
            || expiresAt <= now
            || await identities.GetIdentityAsync(identityId, cancellationToken) is not { } identity)
        {
            return null;
        }

        var limit = token.CreatedAt.AddSeconds(identity.AccessTokenMaxTtlSeconds);
        var renewed = Max(expiresAt, Min(now.AddSeconds(identity.AccessTokenTtlSeconds), limit));
        // The store re-checks "unrevoked and unexpired" in the same statement, so a revoke racing this renew wins.
        if (!await tokens.ExtendIdentityTokenAsync(hash, now, renewed, cancellationToken))
        {
            return null;
        }

        await audit.RecordAsync($"identity:{identity.Id}", "identity.token.renewed", "identity", identity.Id.ToString(), null,
            new { tokenId = token.Id, expiresAt = renewed }, cancellationToken);
        return new IssuedAccessToken(accessToken, (int)(renewed - now).TotalSeconds, renewed, identity.AccessTokenMaxTtlSeconds);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
