using System.Diagnostics;
using Keyturn.Core.Domain;

namespace Keyturn.Bench.Micro;

/// <summary>Setup checks for the read benchmarks: each way of reading must bring back the seeded ciphertext.</summary>
public static class ReadCheck
{
    /// <summary>How long a cached store may take to turn its cache on (PostgreSQL: once its LISTEN connection is up).</summary>
    private static readonly TimeSpan CacheWait = TimeSpan.FromSeconds(15);

    public static void Same(byte[]? actual, byte[] expected, string benchmark, string what)
    {
        if (actual is null || !actual.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{benchmark}: {what} did not return the seeded secret's ciphertext.");
        }
    }

    /// <summary>
    /// Checks that <paramref name="read"/> is served from the read cache: the cache hands back the object it stored,
    /// so two reads return the same instance, where a read that ran SQL would map a new one. Waits for the cache to
    /// come on (a PostgreSQL store enables it only once its change listener is connected); this also leaves the
    /// target cached, so the benchmark's first call is already a hit.
    /// </summary>
    public static async Task CachedAsync(Func<Task<StoredSecret?>> read, byte[] expected, string benchmark)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var first = await read();
            var second = await read();
            Same(first?.Ciphertext, expected, benchmark, "IKeyturnStore.GetSecretAsync, cache on");
            Same(second?.Ciphertext, expected, benchmark, "IKeyturnStore.GetSecretAsync, cache on");
            if (ReferenceEquals(first, second))
            {
                return;
            }

            if (clock.Elapsed > CacheWait)
            {
                throw new InvalidOperationException($"{benchmark}: the cached store still ran SQL for every read after {CacheWait.TotalSeconds:N0} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Checks that <paramref name="read"/> runs SQL every time: two reads map two objects.</summary>
    public static async Task UncachedAsync(Func<Task<StoredSecret?>> read, byte[] expected, string benchmark)
    {
        var first = await read();
        var second = await read();
        Same(first?.Ciphertext, expected, benchmark, "IKeyturnStore.GetSecretAsync, cache off");
        Same(second?.Ciphertext, expected, benchmark, "IKeyturnStore.GetSecretAsync, cache off");
        if (ReferenceEquals(first, second))
        {
            throw new InvalidOperationException($"{benchmark}: the store with CacheReads = false returned a cached object.");
        }
    }
}
