namespace Keyturn.AzureEmulator.Faults;

/// <summary>Remembers the method and path of every token, discovery and Graph request, so tests can assert retries happened.</summary>
internal sealed class RequestLog
{
    private readonly Lock gate = new();
    private readonly List<(string Method, string PathAndQuery)> requests = [];

    public void Record(string method, string pathAndQuery)
    {
        lock (gate)
        {
            requests.Add((method, pathAndQuery));
        }
    }

    public int Count(string? method, string? pathContains)
    {
        lock (gate)
        {
            return requests.Count(r => RequestMatch.Matches(method, pathContains, r.Method, r.PathAndQuery));
        }
    }

    public IReadOnlyList<string> Describe()
    {
        lock (gate)
        {
            return [.. requests.Select(r => $"{r.Method} {r.PathAndQuery}")];
        }
    }
}
