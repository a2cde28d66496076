using System.Collections.Concurrent;

namespace Keyturn.Storage.Caching;

/// <summary>
/// Results of the hot reads (token by hash, project, environments, folder, current secret row) kept in memory,
/// because a secret read that runs five SQL statements spends most of its time preparing and stepping them
/// (see docs/benchmarks.md). Values are what the store returns: secrets stay sealed here, as on disk.
///
/// Coherence is all-or-nothing: any committed write, on this node or (PostgreSQL) any other, calls
/// <see cref="Invalidate"/>, which drops every entry. A reader adds what it read only to the snapshot it started
/// under, so a value read before a write committed lands in a snapshot the write's invalidation throws away.
/// While disabled (PostgreSQL before its change listener is connected, or CacheReads off) every read goes to
/// the database.
/// </summary>
internal sealed class ReadCache(bool enabled, bool allowed = true, int maxEntries = 100_000)
{
    private volatile Snapshot _current = new();
    private volatile bool _enabled = enabled && allowed;

    /// <summary>Drops everything; call after every commit, and whenever another node may have written.</summary>
    public void Invalidate() => _current = new Snapshot();

    /// <summary>Turns the cache on or off; either way starts from empty.</summary>
    public void SetEnabled(bool value)
    {
        _enabled = value && allowed;
        Invalidate();
    }

    /// <summary>The cached value without touching the database; false on a miss or while disabled.</summary>
    public bool TryGet<T>(CacheKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : class
    {
        if (_enabled && _current.Entries.TryGetValue(key, out var cached))
        {
            value = (T)cached;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The cached value, or the result of <paramref name="read"/> (cached unless null).</summary>
    public async Task<T?> GetOrReadAsync<T>(CacheKey key, Func<Task<T?>> read)
        where T : class
    {
        if (!_enabled)
        {
            return await read();
        }

        var snapshot = _current;
        if (snapshot.Entries.TryGetValue(key, out var cached))
        {
            return (T)cached;
        }

        // Misses (null) are not cached: unknown tokens must not be able to fill memory.
        var value = await read();
        if (value is not null && snapshot.Entries.Count < maxEntries)
        {
            snapshot.Entries.TryAdd(key, value);
        }

        return value;
    }

    private sealed class Snapshot
    {
        public ConcurrentDictionary<CacheKey, object> Entries { get; } = new();
    }
}

/// <summary>What a cached read was: its kind plus the arguments that identify the row(s).</summary>
internal readonly record struct CacheKey(CacheKind Kind, Guid Id, string? Name = null);

internal enum CacheKind { TokenByHash, Project, Environments, Folder, CurrentSecret }
