using System.Security.Cryptography;
using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Identities;

/// <summary>
/// An identity's universal-auth client secrets: add one (shown once, stored hashed), list them, delete one. Every method
/// needs <see cref="Permission.IdentityAdmin"/> (API tokens only): a client secret is a way to log in as its identity.
/// </summary>
public sealed class ClientSecretService(IIdentityStore store, AuditLog audit, TimeProvider timeProvider)
{
    private const int PrefixLength = 4;

    public async Task<Result<CreatedClientSecret>> CreateAsync(Principal principal, CreateClientSecretCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        if (await store.GetIdentityAsync(command.IdentityId, cancellationToken) is not { } identity)
        {
            return Problem.NotFound("Identity", command.IdentityId);
        }

        // 256 random bits: a fast hash is enough to store it (nothing to brute-force), as for API tokens.
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = timeProvider.GetUtcNow();
        var secret = new IdentityClientSecret(Guid.NewGuid(), identity.Id, ClientSecretHash.Of(value), value[..PrefixLength], command.Description,
            [.. command.TrustedIps.Select(n => n.ToString())], now, command.TtlSeconds is { } ttl ? now.AddSeconds(ttl) : null);
        try
        {
            await store.AddClientSecretAsync(secret, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.NotFound("Identity", command.IdentityId);
        }

        await audit.RecordAsync(principal.Actor, "identity.client-secret.created", "identity", identity.Id.ToString(), null,
            new { clientSecretId = secret.Id, secret.ExpiresAt, trustedIps = secret.TrustedIps.Count }, cancellationToken);
        return new CreatedClientSecret(identity, secret, value);
    }

    public async Task<Result<IdentityClientSecret[]>> ListAsync(Principal principal, Guid identityId, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        return await store.GetIdentityAsync(identityId, cancellationToken) is null
            ? Problem.NotFound("Identity", identityId)
            : (IdentityClientSecret[])[.. await store.ListClientSecretsAsync(identityId, cancellationToken)];
    }

    public async Task<Result<IdentityClientSecret>> DeleteAsync(Principal principal, Guid identityId, Guid secretId, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        var secrets = await store.ListClientSecretsAsync(identityId, cancellationToken);
        if (secrets.FirstOrDefault(s => s.Id == secretId) is not { } secret || !await store.DeleteClientSecretAsync(identityId, secretId, cancellationToken))
        {
            return Problem.NotFound("Client secret", secretId);
        }

        await audit.RecordAsync(principal.Actor, "identity.client-secret.deleted", "identity", identityId.ToString(), null,
            new { clientSecretId = secretId }, cancellationToken);
        return secret;
    }
}
