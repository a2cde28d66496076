using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Keyturn.Cli.Demo;

/// <summary>The few API calls the demo makes, over real HTTP like any client.</summary>
internal sealed class DemoApi(Uri address, string token) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = address,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        Timeout = TimeSpan.FromMinutes(3),
    };

    public Task<JsonNode> PostAsync(string path, object body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body, ct);

    public Task<JsonNode> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var problem = JsonNode.Parse(text);
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {problem?["title"]} {problem?["detail"]}");
        }

        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"{method} {path} answered with an empty body.");
    }

    public void Dispose() => _http.Dispose();
}
