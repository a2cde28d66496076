using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Keyturn.Core.Tokens;

namespace Keyturn.Bench.Micro;

/// <summary>
/// The per-request token check of BearerTokenFilter without the store. The baseline hashes the token's UTF-8
/// bytes (encoded once, in setup) into a stack buffer: SHA-256 itself. Against it: <see cref="ApiTokens.Hash"/>
/// (encodes the string and returns a new array), and the filter's whole check (scheme test, slicing and trimming
/// the header, hashing) with the store's lookup by hash replaced by a fixed-time comparison to the stored hash.
/// </summary>
public class TokenHashBenchmarks
{
    private const int HashSize = 32;

    private readonly string _token = ApiTokens.Generate();
    private byte[] _tokenBytes = [];
    private string _header = "";
    private byte[] _storedHash = [];

    [GlobalSetup]
    public void Setup()
    {
        _tokenBytes = Encoding.UTF8.GetBytes(_token);
        _header = "Bearer " + _token;
        _storedHash = SHA256.HashData(_tokenBytes);
        if (!ApiTokens.Hash(_token).AsSpan().SequenceEqual(_storedHash) || !FilterCheck())
        {
            throw new InvalidOperationException("Token benchmark: ApiTokens.Hash does not match SHA-256 of the token's UTF-8 bytes.");
        }

        _header = "Bearer " + ApiTokens.Generate();
        var otherTokenAccepted = FilterCheck();
        _header = "Bearer " + _token;
        if (otherTokenAccepted)
        {
            throw new InvalidOperationException("Token benchmark: the check accepts a different token.");
        }
    }

    [Benchmark(Baseline = true, Description = "bare SHA256.HashData into a stack buffer")]
    public byte BareHash()
    {
        Span<byte> hash = stackalloc byte[HashSize];
        SHA256.HashData(_tokenBytes, hash);
        return hash[0];
    }

    [Benchmark(Description = "ApiTokens.Hash(token)")]
    public byte[] Hash() => ApiTokens.Hash(_token);

    [Benchmark(Description = "BearerTokenFilter's check: parse header, hash, compare")]
    public bool FilterCheck()
    {
        var header = _header;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(ApiTokens.Hash(header[7..].Trim()), _storedHash);
    }
}
