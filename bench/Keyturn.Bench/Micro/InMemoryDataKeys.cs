using System.Collections.Concurrent;
using Keyturn.Core.Storage;

namespace Keyturn.Bench.Micro;

/// <summary>
/// Wrapped data keys held in memory, so the seal benchmarks need no database. EnvelopeCipher asks for a scope's key
/// once and then serves it from its own cache, which is the path the benchmarks measure.
/// </summary>
public sealed class InMemoryDataKeys : IDataKeyStore
{
    private readonly ConcurrentDictionary<Guid, byte[]> _keys = new();

    public Task<byte[]?> GetWrappedDataKeyAsync(Guid scopeId, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.TryGetValue(scopeId, out var key) ? key : null);

    public Task<byte[]> AddWrappedDataKeyAsync(Guid scopeId, byte[] wrappedKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.GetOrAdd(scopeId, wrappedKey));

    public Task<int> RewrapDataKeysAsync(Func<Guid, byte[], byte[]> rewrap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewrap);
        // All or nothing, as the stores' one transaction: every new wrapping is made before any is stored.
        var rewrapped = _keys.ToDictionary(k => k.Key, k => rewrap(k.Key, k.Value));
        foreach (var (scope, wrapped) in rewrapped)
        {
            _keys[scope] = wrapped;
        }

        return Task.FromResult(rewrapped.Count);
    }
}
