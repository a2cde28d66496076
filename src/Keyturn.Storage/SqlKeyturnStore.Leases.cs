using Keyturn.Core.Domain;
using Keyturn.Storage.Caching;
using Keyturn.Storage.Sql;

namespace Keyturn.Storage;

internal sealed partial class SqlKeyturnStore
{
    // Compare-and-set in one UPDATE: PostgreSQL re-evaluates the WHERE on the latest row after waiting for a
    // concurrent claimer, and SQLite runs writers one at a time, so exactly one of several racing owners wins.
    // A lease claims work for the running server, which a power loss ends too, so on SQLite claiming and releasing
    // wait for no fsync of their own: the attempt's first journal write makes the claim durable before any provider
    // call (WriteDurability). That took one of the six disk waits out of every rotation.
    public Task<bool> TryAcquireLeaseAsync(Guid rotationId, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteAsync(async db => await db.Sql("""
                UPDATE rotations SET lease_owner = @owner, lease_until = @until
                WHERE id = @id AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= @now OR lease_owner = @owner)
                """)
            .Add("owner", owner).Add("until", until).Add("id", rotationId).Add("now", now)
            .ExecuteAsync(cancellationToken) == 1,
            Conflict("the lease changed concurrently", "the rotation does not exist"), cancellationToken, WriteDurability.WithNextDurableCommit, CacheKinds.None);
    }

    // The same compare-and-set, returning the row it claimed: an attempt needs the rotation as it stands under its
    // claim, and reading it in the claim's statement saves a read per attempt.
    public Task<SecretRotation?> TryClaimAsync(Guid rotationId, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteAsync(db => db.Sql($"""
                UPDATE rotations SET lease_owner = @owner, lease_until = @until
                WHERE id = @id AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= @now OR lease_owner = @owner)
                RETURNING {RotationColumns}
                """)
            .Add("owner", owner).Add("until", until).Add("id", rotationId).Add("now", now)
            .FirstOrDefaultAsync(ReadRotation, cancellationToken),
            Conflict("the lease changed concurrently", "the rotation does not exist"), cancellationToken, WriteDurability.WithNextDurableCommit, CacheKinds.None);
    }

    public Task ReleaseLeaseAsync(Guid rotationId, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteAsync(db => ReleaseLeaseAsync(db, rotationId, owner, cancellationToken),
            Conflict("the lease changed concurrently", "the rotation does not exist"), cancellationToken, WriteDurability.WithNextDurableCommit, CacheKinds.None);
    }

    /// <summary>Inside a larger transaction (activation); a lease already released or taken by another owner stays as it is.</summary>
    private static Task<int> ReleaseLeaseAsync(DbSession db, Guid rotationId, string owner, CancellationToken cancellationToken) =>
        db.Sql("UPDATE rotations SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner")
            .Add("id", rotationId).Add("owner", owner).ExecuteAsync(cancellationToken);
}
