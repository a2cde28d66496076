namespace Keyturn.AzureEmulator.Faults;

/// <summary>
/// Remembers the method and path of every token, discovery and Graph request, and when each arrived and was
/// answered, so tests can assert that retries happened and how many requests overlapped. Arrivals and answers are
/// numbered from one counter, so overlap is read from their order, never from clock times.
/// </summary>
internal sealed class RequestLog
{
    private readonly Lock gate = new();
    private readonly List<Entry> requests = [];
    private long events;

    /// <summary>Records an arrival; pass the handle to <see cref="End"/> when the answer is written.</summary>
    public int Begin(string method, string pathAndQuery)
    {
        lock (gate)
        {
            requests.Add(new Entry(method, pathAndQuery, ++events, null));
            return requests.Count - 1;
        }
    }

    public void End(int handle)
    {
        lock (gate)
        {
            requests[handle] = requests[handle] with { Ended = ++events };
        }
    }

    public int Count(string? method, string? pathContains)
    {
        lock (gate)
        {
            return requests.Count(r => RequestMatch.Matches(method, pathContains, r.Method, r.PathAndQuery));
        }
    }

    /// <summary>The most requests matching any of <paramref name="pathContainsAny"/> that were in flight at once.</summary>
    public int MaxInFlight(string? method, IReadOnlyCollection<string> pathContainsAny)
    {
        lock (gate)
        {
            var changes = requests
                .Where(r => pathContainsAny.Any(path => RequestMatch.Matches(method, path, r.Method, r.PathAndQuery)))
                .SelectMany(r => new[] { (At: r.Began, Change: 1), (At: r.Ended ?? long.MaxValue, Change: -1) })
                .OrderBy(c => c.At);
            int current = 0, max = 0;
            foreach (var (_, change) in changes)
            {
                current += change;
                max = Math.Max(max, current);
            }

            return max;
        }
    }

    public IReadOnlyList<string> Describe()
    {
        lock (gate)
        {
            return [.. requests.Select(r => $"{r.Method} {r.PathAndQuery}")];
        }
    }

    private sealed record Entry(string Method, string PathAndQuery, long Began, long? Ended);
}
