using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Keyturn.Core.Crypto;

/// <summary>
/// AES-GCM ciphers for one data key, kept for reuse: building one sets up an OpenSSL context and key schedule,
/// which cost more than sealing a short secret (see docs/benchmarks.md). An AesGcm serves one thread at a time, so
/// each call takes one from the pool and gives it back.
/// </summary>
internal sealed class DataKeyCiphers(byte[] key)
{
    // Enough for every thread-pool thread on a busy node; beyond this, extra ciphers are simply disposed.
    private static readonly int MaxPooled = Environment.ProcessorCount * 8;

    private readonly ConcurrentBag<AesGcm> _pool = [];

    public T Use<T>(Func<AesGcm, T> operation)
    {
        var aes = _pool.TryTake(out var pooled) ? pooled : AesGcmSealer.CreateCipher(key);
        try
        {
            return operation(aes);
        }
        finally
        {
            if (_pool.Count < MaxPooled)
            {
                _pool.Add(aes);
            }
            else
            {
                aes.Dispose();
            }
        }
    }
}
