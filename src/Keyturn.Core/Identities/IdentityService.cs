using Keyturn.Core.Audit;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Identities;

/// <summary>Machine identities: make one, read them, delete one (which ends its client secrets and tokens at once).</summary>
public sealed class IdentityService(IIdentityStore store, AuditLog audit, TimeProvider timeProvider)
{
    public async Task<Result<Identity>> CreateAsync(string actor, CreateIdentityCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var identity = new Identity(Guid.NewGuid(), command.Name, Guid.NewGuid(), command.AccessTokenTtlSeconds, timeProvider.GetUtcNow());
        try
        {
            await store.CreateIdentityAsync(identity, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.Conflict($"An identity named '{command.Name}' already exists.");
        }

        await audit.RecordAsync(actor, "identity.created", "identity", identity.Id.ToString(), null,
            new { identity.Name, identity.AccessTokenTtlSeconds }, cancellationToken);
        return identity;
    }

    public async Task<IReadOnlyList<Identity>> ListAsync(CancellationToken cancellationToken) =>
        await store.ListIdentitiesAsync(cancellationToken);

    public async Task<Result<Identity>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await store.GetIdentityAsync(id, cancellationToken) is { } identity ? identity : Problem.NotFound("Identity", id);

    public async Task<Result<Identity>> DeleteAsync(string actor, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        if (!found.IsSuccess || !await store.DeleteIdentityAsync(id, timeProvider.GetUtcNow(), cancellationToken))
        {
            return Problem.NotFound("Identity", id);
        }

        await audit.RecordAsync(actor, "identity.deleted", "identity", id.ToString(), null, new { found.Value.Name }, cancellationToken);
        return found.Value;
    }
}
