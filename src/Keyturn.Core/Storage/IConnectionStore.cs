using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface IConnectionStore
{
    /// <summary>Conflict when the name is taken.</summary>
    Task CreateConnectionAsync(AppConnection connection, CancellationToken cancellationToken);

    Task<AppConnection?> GetConnectionAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>All connections ordered by creation time.</summary>
    Task<IReadOnlyList<AppConnection>> ListConnectionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes (with its self-rotation history) unless a rotation uses it or a self-rotation of it is running; the
    /// checks and the delete are one transaction.
    /// </summary>
    Task<DeleteConnectionResult> DeleteConnectionAsync(Guid id, CancellationToken cancellationToken);
}

public enum DeleteConnectionResult { Deleted, NotFound, InUse }
