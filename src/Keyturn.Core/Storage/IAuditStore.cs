using Keyturn.Core.Domain;

namespace Keyturn.Core.Storage;

public interface IAuditStore
{
    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first; filtered by project when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid? projectId, int limit, CancellationToken cancellationToken);
}
