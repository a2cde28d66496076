namespace Keyturn.Core.Storage;

public interface IDataKeyStore
{
    /// <summary>The wrapped data key of a scope (a project id, or a fixed id for connections), or null.</summary>
    Task<byte[]?> GetWrappedDataKeyAsync(Guid scopeId, CancellationToken cancellationToken);

    /// <summary>Stores the wrapped key unless the scope has one; returns the one that is stored (first writer wins).</summary>
    Task<byte[]> AddWrappedDataKeyAsync(Guid scopeId, byte[] wrappedKey, DateTimeOffset now, CancellationToken cancellationToken);
}
