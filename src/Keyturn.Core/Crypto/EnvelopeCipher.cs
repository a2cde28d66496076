using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Keyturn.Core.Storage;

namespace Keyturn.Core.Crypto;

/// <summary>
/// Envelope encryption: each scope (a project, or the connections scope) has its own data key, wrapped by the root
/// key and stored; values are sealed with the data key. Unwrapped data keys are cached in memory.
/// </summary>
/// <param name="observer">Null in production; the test hosts' secret recorder (see <see cref="IPlaintextObserver"/>).</param>
public sealed class EnvelopeCipher(RootKey rootKey, IDataKeyStore store, TimeProvider timeProvider, IPlaintextObserver? observer = null)
{
    private readonly ConcurrentDictionary<Guid, DataKeyCiphers> _dataKeys = new();

    public async Task<byte[]> SealAsync(Guid scopeId, string plaintext, string context, CancellationToken cancellationToken)
    {
        observer?.Observed(plaintext);
        var ciphers = await GetDataKeyAsync(scopeId, cancellationToken);
        return ciphers.Use(aes => AesGcmSealer.Seal(aes, Encoding.UTF8.GetBytes(plaintext), context));
    }

    public async Task<string> OpenAsync(Guid scopeId, byte[] sealedData, string context, CancellationToken cancellationToken)
    {
        var ciphers = await GetDataKeyAsync(scopeId, cancellationToken);
        var plaintext = Encoding.UTF8.GetString(ciphers.Use(aes => AesGcmSealer.Open(aes, sealedData, context)));
        observer?.Observed(plaintext);
        return plaintext;
    }

    /// <summary>
    /// Fails fast when the root key cannot open this installation's data keys (a changed KEYTURN_ROOT_KEY or
    /// root.key), instead of failing on the first secret read. Creates the connections key on a fresh install.
    /// </summary>
    public async Task EnsureRootKeyMatchesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetDataKeyAsync(SealContext.ConnectionsScope, cancellationToken);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException("The root key does not open this installation's data keys: was KEYTURN_ROOT_KEY or root.key changed?");
        }
    }

    private async Task<DataKeyCiphers> GetDataKeyAsync(Guid scopeId, CancellationToken cancellationToken)
    {
        if (_dataKeys.TryGetValue(scopeId, out var cached))
        {
            return cached;
        }

        var wrapped = await store.GetWrappedDataKeyAsync(scopeId, cancellationToken);
        if (wrapped is null)
        {
            // First writer wins: two nodes racing here both end up with the key that was stored.
            var fresh = rootKey.Wrap(RandomNumberGenerator.GetBytes(RootKey.Size), scopeId);
            wrapped = await store.AddWrappedDataKeyAsync(scopeId, fresh, timeProvider.GetUtcNow(), cancellationToken);
        }

        // The unwrap proves the root key opens this data key (EnsureRootKeyMatchesAsync relies on it throwing here).
        var ciphers = new DataKeyCiphers(rootKey.Unwrap(wrapped, scopeId));
        return _dataKeys.GetOrAdd(scopeId, ciphers);
    }
}
