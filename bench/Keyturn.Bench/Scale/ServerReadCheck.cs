using System.Text.Json;
using Keyturn.Bench.Support;
using Keyturn.Providers.AzureClientSecret;

namespace Keyturn.Bench.Scale;

/// <summary>
/// Asks the running server, over its API, for seeded secrets and rotations: proof that it opens what the seeder
/// sealed, and that it left the due rotations alone (their leases belong to another node).
/// </summary>
public static class ServerReadCheck
{
    public static async Task VerifyAsync(KeyturnServerProcess server, IReadOnlyList<SeedSample> samples, CancellationToken cancellationToken)
    {
        using var http = server.CreateClient();
        foreach (var sample in samples)
        {
            var secretUrl = $"api/v3/secrets/raw/{sample.ClientSecretKey}?workspaceId={sample.ProjectId}&environment={sample.EnvironmentSlug}&secretPath={Uri.EscapeDataString(sample.FolderPath)}";
            var secret = (await GetAsync(http, secretUrl, cancellationToken)).GetProperty("secret");
            Expect(secret.GetProperty("secretValue").GetString() == sample.LatestClientSecret, $"the server reads {sample.ClientSecretKey} as another value");

            var rotation = (await GetAsync(http, $"api/v2/secret-rotations/{AzureClientSecretProvider.TypeName}/{sample.RotationId}", cancellationToken))
                .GetProperty("secretRotation");
            Expect(rotation.GetProperty("lastRotationJobId").GetGuid() == sample.LastJobId,
                $"rotation {sample.Name} was rotated by the server during the measurement (its last job changed)");
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Expect(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Seeded data does not read back through the server: {problem}.");
        }
    }
}
