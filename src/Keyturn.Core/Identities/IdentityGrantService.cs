using Keyturn.Core.Access;
using Keyturn.Core.Audit;
using Keyturn.Core.Results;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Identities;

/// <summary>
/// Installation-level grants of identities (<see cref="InstallationGrants"/>): give one, take one back, read them. Giving
/// and taking need <see cref="Permission.IdentityAdmin"/> (API tokens only), so only the root token hands out
/// connection-admin; the reads are views for routes that checked already.
/// </summary>
public sealed class IdentityGrantService(IKeyturnStore store, AuditLog audit, TimeProvider timeProvider)
{
    /// <summary>Gives the grant; giving one the identity already holds succeeds and changes nothing.</summary>
    public async Task<Result<string[]>> GrantAsync(Principal principal, Guid identityId, string grant, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        if (!InstallationGrants.IsKnown(grant))
        {
            return Problem.Invalid("grant", $"must be one of: {string.Join(", ", InstallationGrants.All)}");
        }

        if (await store.GetIdentityAsync(identityId, cancellationToken) is null)
        {
            return Problem.NotFound("Identity", identityId);
        }

        bool added;
        try
        {
            added = await store.AddIdentityGrantAsync(new IdentityGrant(identityId, grant, timeProvider.GetUtcNow()), cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem.NotFound("Identity", identityId);
        }

        if (added)
        {
            await audit.RecordAsync(principal.Actor, "identity.grant.added", "identity", identityId.ToString(), null, new { grant }, cancellationToken);
        }

        return await ListAsync(identityId, cancellationToken);
    }

    public async Task<Result<string[]>> RevokeAsync(Principal principal, Guid identityId, string grant, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Check(principal, Permission.IdentityAdmin) is { } denied)
        {
            return denied;
        }

        if (await store.GetIdentityAsync(identityId, cancellationToken) is null)
        {
            return Problem.NotFound("Identity", identityId);
        }

        if (!await store.RemoveIdentityGrantAsync(identityId, grant, cancellationToken))
        {
            return Problem.NotFound("Grant", grant);
        }

        await audit.RecordAsync(principal.Actor, "identity.grant.removed", "identity", identityId.ToString(), null, new { grant }, cancellationToken);
        return await ListAsync(identityId, cancellationToken);
    }

    /// <summary>The identity's grants, by name; no check (a view for a route whose service checked).</summary>
    public async Task<string[]> ListAsync(Guid identityId, CancellationToken cancellationToken) =>
        [.. (await store.ListIdentityGrantsAsync(identityId, cancellationToken)).Select(g => g.Grant).Order(StringComparer.Ordinal)];

    /// <summary>Every identity's grants, for the identity list; no check (a view for a route whose service checked).</summary>
    public async Task<ILookup<Guid, string>> ListAllAsync(CancellationToken cancellationToken) =>
        (await store.ListIdentityGrantsAsync(null, cancellationToken)).OrderBy(g => g.Grant, StringComparer.Ordinal).ToLookup(g => g.IdentityId, g => g.Grant);
}
