using System.Net;
using Keyturn.Core.Audit;
using Keyturn.Core.Domain;
using Keyturn.Core.Storage;
using Keyturn.Core.Tokens;

namespace Keyturn.Core.Identities;

/// <summary>
/// Universal-auth login: a client id and one of its identity's client secrets buy an access token that lives for the
/// identity's access-token TTL. Every refusal is the same null to the caller (unknown client, wrong, expired or
/// deleted secret, address not trusted), so a refusal tells an attacker nothing; the audit entry says which it was.
/// </summary>
public sealed class UniversalAuthLogin(IIdentityStore identities, ITokenStore tokens, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<IssuedAccessToken?> LoginAsync(UniversalAuthLoginCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var identity = await identities.FindIdentityByClientIdAsync(command.ClientId, cancellationToken);
        if (identity is null)
        {
            await RefuseAsync(null, "unknown client id", command, cancellationToken);
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var presented = ClientSecretHash.Of(command.ClientSecret);
        // Every stored secret is compared (no early exit), each in constant time.
        IdentityClientSecret? match = null;
        foreach (var secret in await identities.ListClientSecretsAsync(identity.Id, cancellationToken))
        {
            if (ClientSecretHash.Matches(secret, presented))
            {
                match = secret;
            }
        }

        var refusal = match switch
        {
            null => "wrong client secret",
            { ExpiresAt: { } expiry } when expiry <= now => "client secret expired",
            _ when !IsTrusted(match, command.SourceAddress) => "source address not trusted",
            _ => null,
        };
        if (refusal is not null)
        {
            await RefuseAsync(identity, refusal, command, cancellationToken);
            return null;
        }

        var value = ApiTokens.Generate();
        var expiresAt = now.AddSeconds(identity.AccessTokenTtlSeconds);
        var token = new AccessToken(Guid.NewGuid(), $"identity:{identity.Id}", ApiTokens.Hash(value), AccessToken.IdentityScope, now, expiresAt, identity.Id);
        try
        {
            await tokens.CreateIdentityTokenAsync(token, cancellationToken);
        }
        catch (StoreConflictException)
        {
            // The identity was deleted while this login ran.
            await RefuseAsync(identity, "identity deleted", command, cancellationToken);
            return null;
        }

        await audit.RecordAsync($"identity:{identity.Id}", "identity.login", "identity", identity.Id.ToString(), null,
            new { clientSecretId = match!.Id, tokenId = token.Id, sourceIp = command.SourceAddress?.ToString() }, cancellationToken);
        return new IssuedAccessToken(value, identity.AccessTokenTtlSeconds, expiresAt, identity.AccessTokenMaxTtlSeconds);
    }

    private static bool IsTrusted(IdentityClientSecret secret, IPAddress? source)
    {
        if (secret.TrustedIps.Count == 0)
        {
            return true;
        }

        if (source is null)
        {
            return false;
        }

        var address = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        return secret.TrustedIps.Any(cidr => IPNetwork.TryParse(cidr, out var network) && network.Contains(address));
    }

    private Task RefuseAsync(Identity? identity, string reason, UniversalAuthLoginCommand command, CancellationToken cancellationToken) =>
        audit.RecordAsync(identity is null ? "anonymous" : $"identity:{identity.Id}", "identity.login.refused", "identity",
            identity?.Id.ToString() ?? command.ClientId.ToString(), null, new { reason, sourceIp = command.SourceAddress?.ToString() }, cancellationToken);
}
