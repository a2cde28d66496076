using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Identities;

/// <summary>
/// Machine identities: make one, read them, delete one (which ends its client secrets and tokens at once). Every method
/// needs <see cref="Permission.IdentityAdmin"/>, which only API tokens hold: an identity that could make identities could
/// make itself a more powerful one.
/// </summary>
public sealed class IdentityService(IIdentityStore store, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<Result<Identity>> CreateAsync(Principal principal, CreateIdentityCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        var identity = new Identity(Guid.NewGuid(), command.Name, Guid.NewGuid(), command.AccessTokenTtlSeconds, timeProvider.GetUtcNow(),
            command.AccessTokenMaxTtlSeconds);
        try
        {
            await store.CreateIdentityAsync(identity, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict($"An identity named '{command.Name}' already exists.");
        }

        await audit.RecordAsync(principal.Actor, "identity.created", "identity", identity.Id.ToString(), null,
            new { identity.Name, identity.AccessTokenTtlSeconds, identity.AccessTokenMaxTtlSeconds }, cancellationToken);
        return identity;
    }

    public async Task<Result<Identity[]>> ListAsync(Principal principal, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        return (Identity[])[.. await store.ListIdentitiesAsync(cancellationToken)];
    }

    public async Task<Result<Identity>> GetAsync(Principal principal, Guid id, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        return await store.GetIdentityAsync(id, cancellationToken) is { } identity ? identity : Problem.NotFound("Identity", id);
    }

    public async Task<Result<Identity>> DeleteAsync(Principal principal, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(principal, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        if (!await store.DeleteIdentityAsync(id, timeProvider.GetUtcNow(), cancellationToken))
        {
            return Problem.NotFound("Identity", id);
        }

        await audit.RecordAsync(principal.Actor, "identity.deleted", "identity", id.ToString(), null, new { found.Value.Name }, cancellationToken);
        return found.Value;
    }
}
