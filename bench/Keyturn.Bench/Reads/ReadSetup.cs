using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Keyturn.Bench.Reads;

/// <summary>Fills a Keyturn server with one project and N secrets through its API, and reads one back.</summary>
public static class ReadSetup
{
    public const string Environment = "dev";

    public static string SecretName(int i) => $"BENCH_SECRET_{i:D5}";

    /// <summary>
    /// Creates the project and the secrets (40 random hex characters each, like a typical API key: hex so no value
    /// needs JSON escaping and every body has nearly the same size); returns the project id.
    /// </summary>
    public static async Task<string> SeedAsync(HttpClient api, int secrets, CancellationToken cancellationToken)
    {
        var project = await PostAsync(api, "api/v1/projects", new { projectName = "bench-reads" }, cancellationToken);
        var projectId = project["project"]!["id"]!.GetValue<string>();
        await Parallel.ForAsync(0, secrets, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var value = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
            await PostAsync(api, $"api/v3/secrets/raw/{SecretName(i)}", new { workspaceId = projectId, environment = Environment, secretPath = "/", secretValue = value }, ct);
        });
        return projectId;
    }

    public static string ReadPath(string projectId, int i) =>
        $"/api/v3/secrets/raw/{SecretName(i)}?workspaceId={projectId}&environment={Environment}&secretPath=%2F";

    /// <summary>
    /// The exact response body of one secret read. Bodies differ by a few bytes at most (JSON trims trailing zeros
    /// of timestamps); the check on a sample makes a wrong assumption about that fail loudly.
    /// </summary>
    public static async Task<byte[]> ReadBodyAsync(HttpClient api, string projectId, int secrets, CancellationToken cancellationToken)
    {
        var first = await api.GetByteArrayAsync(ReadPath(projectId, 0).TrimStart('/'), cancellationToken);
        foreach (var i in new[] { 1, secrets / 2, secrets - 1 })
        {
            var other = await api.GetByteArrayAsync(ReadPath(projectId, i).TrimStart('/'), cancellationToken);
            if (Math.Abs(other.Length - first.Length) > 8)
            {
                throw new InvalidOperationException($"Secret bodies differ in size ({first.Length} and {other.Length} bytes); the baseline would not match.");
            }
        }

        return first;
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }
}
