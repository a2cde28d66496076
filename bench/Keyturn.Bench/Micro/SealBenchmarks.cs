using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Keyturn.Core.Crypto;

namespace Keyturn.Bench.Micro;

/// <summary>
/// Sealing and opening one 40-character secret value. Each category's baseline is the bare primitive: one
/// preconstructed <see cref="AesGcm"/>, a fixed nonce, no associated data, preallocated buffers. Against it:
/// <see cref="AesGcmSealer"/> given the key (it builds an AesGcm, a key schedule and a native context, per call; RootKey
/// wraps and unwraps data keys this way), <see cref="AesGcmSealer"/> given a reused AesGcm (a random nonce, the
/// context as associated data, a fresh output array), and <see cref="EnvelopeCipher"/> as SecretService calls it
/// (the context string built per call, the value encoded from a string, the project's data key looked up in the
/// cache, an AesGcm taken from and returned to that data key's pool, an async call).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SealBenchmarks
{
    private const int TagSize = 16;
    private const int NonceSize = 12;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(RootKey.Size);
    // Reusing one nonce would be fatal for real data; here nothing sealed is kept, and it keeps RNG out of the baseline.
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(NonceSize);
    private readonly Guid _projectId = Guid.NewGuid();
    private readonly Guid _secretId = Guid.NewGuid();
    private readonly string _value = SeededStore.SecretValue();
    private byte[] _plaintext = [];
    private byte[] _ciphertext = [];
    private readonly byte[] _tag = new byte[TagSize];
    private byte[] _decrypted = [];
    private AesGcm _aes = null!;
    private string _context = "";
    private byte[] _sealed = [];
    private EnvelopeCipher _cipher = null!;
    private byte[] _envelopeSealed = [];

    [GlobalSetup]
    public void Setup()
    {
        _plaintext = Encoding.UTF8.GetBytes(_value);
        _ciphertext = new byte[_plaintext.Length];
        _decrypted = new byte[_plaintext.Length];
        _aes = new AesGcm(_key, TagSize);
        _context = SealContext.SecretVersion(_projectId, _secretId, 1);
        _cipher = new EnvelopeCipher(RootKey.Generate(), new InMemoryDataKeys(), TimeProvider.System);

        // Each sealed form must open back to the value: a benchmark of broken crypto would only look fast.
        BareEncrypt();
        BareDecrypt();
        if (!_decrypted.AsSpan().SequenceEqual(_plaintext))
        {
            throw new InvalidOperationException("Seal benchmark: bare AES-GCM did not round-trip the value.");
        }

        _sealed = AesGcmSealer.Seal(_key, _plaintext, _context);
        if (!AesGcmSealer.Open(_key, _sealed, _context).AsSpan().SequenceEqual(_plaintext))
        {
            throw new InvalidOperationException("Seal benchmark: AesGcmSealer.Open(Seal(x)) is not x.");
        }

        // The reused-cipher overloads must produce the same format under the same key, both ways.
        if (!SealerOpenReused().AsSpan().SequenceEqual(_plaintext) ||
            !AesGcmSealer.Open(_key, SealerSealReused(), _context).AsSpan().SequenceEqual(_plaintext))
        {
            throw new InvalidOperationException("Seal benchmark: AesGcmSealer's AesGcm overloads do not round-trip with its key overloads.");
        }

        // The context is what the sealer adds over the bare primitive; it must actually bind.
        if (SealerOpens(SealContext.SecretVersion(_projectId, _secretId, 2)))
        {
            throw new InvalidOperationException("Seal benchmark: AesGcmSealer.Open accepted another row's context.");
        }

        // The first call creates and caches the project's data key; later calls measure the cached path, as a
        // running server does. The envelope ciphertext is what EnvelopeOpen opens.
        var envelope = EnvelopeSeal().GetAwaiter().GetResult();
        if (_cipher.OpenAsync(_projectId, envelope, _context, CancellationToken.None).GetAwaiter().GetResult() != _value)
        {
            throw new InvalidOperationException("Seal benchmark: EnvelopeCipher.OpenAsync(SealAsync(x)) is not x.");
        }

        _envelopeSealed = envelope;
    }

    [GlobalCleanup]
    public void Cleanup() => _aes.Dispose();

    [Benchmark(Baseline = true, Description = "bare AesGcm.Encrypt (preconstructed, fixed nonce)")]
    [BenchmarkCategory("seal")]
    public void BareEncrypt() => _aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);

    [Benchmark(Description = "bare AesGcm.Encrypt, new AesGcm per call")]
    [BenchmarkCategory("seal")]
    public void BareEncryptNewKeySchedule()
    {
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
    }

    [Benchmark(Description = "AesGcmSealer.Seal(key), new AesGcm per call")]
    [BenchmarkCategory("seal")]
    public byte[] SealerSeal() => AesGcmSealer.Seal(_key, _plaintext, _context);

    [Benchmark(Description = "AesGcmSealer.Seal(AesGcm), reused AesGcm")]
    [BenchmarkCategory("seal")]
    public byte[] SealerSealReused() => AesGcmSealer.Seal(_aes, _plaintext, _context);

    [Benchmark(Description = "EnvelopeCipher.SealAsync (cached data key, pooled AesGcm)")]
    [BenchmarkCategory("seal")]
    public Task<byte[]> EnvelopeSeal() =>
        _cipher.SealAsync(_projectId, _value, SealContext.SecretVersion(_projectId, _secretId, 1), CancellationToken.None);

    [Benchmark(Baseline = true, Description = "bare AesGcm.Decrypt (preconstructed)")]
    [BenchmarkCategory("open")]
    public void BareDecrypt() => _aes.Decrypt(_nonce, _ciphertext, _tag, _decrypted);

    [Benchmark(Description = "AesGcmSealer.Open(key), new AesGcm per call")]
    [BenchmarkCategory("open")]
    public byte[] SealerOpen() => AesGcmSealer.Open(_key, _sealed, _context);

    [Benchmark(Description = "AesGcmSealer.Open(AesGcm), reused AesGcm")]
    [BenchmarkCategory("open")]
    public byte[] SealerOpenReused() => AesGcmSealer.Open(_aes, _sealed, _context);

    [Benchmark(Description = "EnvelopeCipher.OpenAsync (cached data key, pooled AesGcm)")]
    [BenchmarkCategory("open")]
    public Task<string> EnvelopeOpen() =>
        _cipher.OpenAsync(_projectId, _envelopeSealed, SealContext.SecretVersion(_projectId, _secretId, 1), CancellationToken.None);

    private bool SealerOpens(string context)
    {
        try
        {
            AesGcmSealer.Open(_key, _sealed, context);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
