using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface IRotationStore
{
    /// <summary>Conflict when the name is taken in the folder.</summary>
    Task CreateRotationAsync(SecretRotation rotation, CancellationToken cancellationToken);

    Task<SecretRotation?> GetRotationAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Rotations of a project ordered by creation time.</summary>
    Task<IReadOnlyList<SecretRotation>> ListRotationsAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>Replaces the row (all columns but Id, ProjectId and CreatedAt). False when it does not exist.</summary>
    Task<bool> UpdateRotationAsync(SecretRotation rotation, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the rotation, its slots, jobs and journal in one transaction. Its mapped secrets are deleted
    /// when <paramref name="deleteSecrets"/> is true, otherwise released (owner cleared) so they become writable.
    /// </summary>
    Task<bool> DeleteRotationAsync(Guid id, bool deleteSecrets, CancellationToken cancellationToken);

    /// <summary>Slots of the rotation ordered by index.</summary>
    Task<IReadOnlyList<RotationSlot>> ListSlotsAsync(Guid rotationId, CancellationToken cancellationToken);

    /// <summary>Empties a slot (after its credential was revoked). Idempotent.</summary>
    Task DeleteSlotAsync(Guid rotationId, int index, CancellationToken cancellationToken);

    /// <summary>
    /// Rotations with auto-rotation on and NextRotationAt at or before <paramref name="now"/>, earliest first (ties by
    /// id), starting after <paramref name="after"/> (a row of the previous page) when it is given.
    /// </summary>
    Task<IReadOnlyList<DueRotation>> ListDueRotationsAsync(DateTimeOffset now, DueRotation? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Rotations of the project with auto-rotation on and NextRotationAt after <paramref name="from"/> and at or before
    /// <paramref name="until"/>, earliest first (ties by id), starting after <paramref name="after"/> when it is given.
    /// </summary>
    Task<IReadOnlyList<UpcomingRotation>> ListUpcomingRotationsAsync(
        Guid projectId, DateTimeOffset from, DateTimeOffset until, UpcomingRotation? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Slots whose credential expires after <paramref name="from"/> and at or before <paramref name="until"/>, earliest
    /// first (ties by rotation id, then slot), starting after <paramref name="after"/> when it is given.
    /// </summary>
    Task<IReadOnlyList<ExpiringSlot>> ListExpiringSlotsAsync(
        DateTimeOffset from, DateTimeOffset until, ExpiringSlot? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the rotation for <paramref name="owner"/> until <paramref name="until"/> when it has no lease or an
    /// expired one (or one already held by the same owner): single flight across threads and nodes.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(Guid rotationId, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims as <see cref="TryAcquireLeaseAsync"/> does and returns the rotation as it stands under the claim, read
    /// by the same statement; null when the claim failed (another owner holds the lease, or there is no such rotation).
    /// </summary>
    Task<SecretRotation?> TryClaimAsync(Guid rotationId, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Releases the lease if <paramref name="owner"/> holds it.</summary>
    Task ReleaseLeaseAsync(Guid rotationId, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a secrets-mapping change in one transaction (see <see cref="RotationRemap"/>). False, writing nothing,
    /// when the rotation does not exist; conflict, writing nothing, when a new name is taken in the folder.
    /// </summary>
    Task<bool> RemapRotationSecretsAsync(RotationRemap remap, CancellationToken cancellationToken);
}
