namespace Keyturn.Core.Storage;

public interface IDataKeyStore
{
    /// <summary>The wrapped data key of a scope (a project id, or a fixed id for connections), or null.</summary>
    Task<byte[]?> GetWrappedDataKeyAsync(Guid scopeId, CancellationToken cancellationToken);

    /// <summary>Stores the wrapped key unless the scope has one; returns the one that is stored (first writer wins).</summary>
    Task<byte[]> AddWrappedDataKeyAsync(Guid scopeId, byte[] wrappedKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces every stored wrapped key with <paramref name="rewrap"/>(scope, wrapped key) in ONE transaction, so a
    /// root-key rotation leaves either every key under the old root key or every key under the new one. A throw from
    /// <paramref name="rewrap"/> rolls all of it back. Returns how many keys were rewrapped.
    /// </summary>
    Task<int> RewrapDataKeysAsync(Func<Guid, byte[], byte[]> rewrap, CancellationToken cancellationToken);
}
