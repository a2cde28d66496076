using System.Collections.Concurrent;

namespace Keyturn.Storage.Caching;

/// <summary>
/// Results of the hot reads (token by hash, project, environments, folder, current secret row, and the rows a
/// rotation's API answer names: its connection, environment and folder) kept in memory, because a secret read that
/// runs five SQL statements spends most of its time preparing and stepping them (see docs/benchmarks.md). Values are
/// what the store returns: secrets and connection credentials stay sealed here, as on disk.
///
/// Coherence is per kind and all-or-nothing within a kind: a committed write, on this node or (PostgreSQL) any
/// other, calls <see cref="Invalidate"/> with the kinds it may have changed, which drops every entry of those kinds
/// (a write that declares nothing drops everything). A reader adds what it read only to the snapshot of its kind it
/// started under, so a value read before a write committed lands in a snapshot the write's invalidation throws away.
/// While disabled (PostgreSQL before its change listener is connected, or CacheReads off) every read goes to the
/// database.
/// </summary>
internal sealed class ReadCache(bool enabled, bool allowed = true, int maxEntries = 100_000)
{
    private static readonly int KindCount = Enum.GetValues<CacheKind>().Length;

    // One snapshot per kind: the rotation engine's frequent writes touch no cached row, and an activation only the
    // current-secret rows, so neither empties the token, project or folder entries every request reads.
    private readonly Snapshot[] _snapshots = Enumerable.Range(0, KindCount).Select(_ => new Snapshot()).ToArray();
    private volatile bool _enabled = enabled && allowed;

    /// <summary>Drops every entry; call whenever another node may have written.</summary>
    public void Invalidate() => Invalidate(CacheKinds.All);

    /// <summary>Drops every entry of the given kinds; call after every commit that may have changed them.</summary>
    public void Invalidate(CacheKinds kinds)
    {
        for (var kind = 0; kind < KindCount; kind++)
        {
            if (((int)kinds & (1 << kind)) != 0)
            {
                Volatile.Write(ref _snapshots[kind], new Snapshot());
            }
        }
    }

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
        if (_enabled && Current(key.Kind).Entries.TryGetValue(key, out var cached))
        {
            value = (T)cached;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The cached value, or the result of <paramref name="read"/> (cached unless null).</summary>
    public Task<T?> GetOrReadAsync<T>(CacheKey key, Func<Task<T?>> read)
        where T : class => GetOrReadAsync(key, read, static _ => true);

    /// <summary>
    /// As <see cref="GetOrReadAsync{T}(CacheKey, Func{Task{T}})"/>, caching only values <paramref name="keep"/> accepts:
    /// a revocable token must be read from the database every time, because another node's invalidation reaches this
    /// cache only some milliseconds after the revoke committed.
    /// </summary>
    public async Task<T?> GetOrReadAsync<T>(CacheKey key, Func<Task<T?>> read, Func<T, bool> keep)
        where T : class
    {
        if (!_enabled)
        {
            return await read();
        }

        var snapshot = Current(key.Kind);
        if (snapshot.Entries.TryGetValue(key, out var cached))
        {
            return (T)cached;
        }

        // Misses (null) are not cached: unknown tokens must not be able to fill memory.
        var value = await read();
        if (value is not null && keep(value) && Count() < maxEntries && snapshot.Entries.TryAdd(key, value))
        {
            Interlocked.Increment(ref snapshot.Count);
        }

        return value;
    }

    private Snapshot Current(CacheKind kind) => Volatile.Read(ref _snapshots[(int)kind]);

    // Counted per snapshot as entries go in: ConcurrentDictionary.Count would take every lock of every dictionary.
    private int Count()
    {
        var total = 0;
        for (var kind = 0; kind < KindCount; kind++)
        {
            total += Volatile.Read(ref Current((CacheKind)kind).Count);
        }

        return total;
    }

    private sealed class Snapshot
    {
        public int Count;

        public ConcurrentDictionary<CacheKey, object> Entries { get; } = new();
    }
}

/// <summary>What a cached read was: its kind plus the arguments that identify the row(s).</summary>
internal readonly record struct CacheKey(CacheKind Kind, Guid Id, string? Name = null);

internal enum CacheKind { TokenByHash, Project, Environments, Folder, CurrentSecret, Connection, EnvironmentById, FolderById }

/// <summary>Which kinds a write may change; <see cref="All"/> unless the write says otherwise.</summary>
[Flags]
internal enum CacheKinds
{
    None = 0,
    CurrentSecret = 1 << (int)CacheKind.CurrentSecret,
    All = ~0,
}
