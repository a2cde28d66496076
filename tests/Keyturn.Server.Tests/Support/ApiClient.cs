using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keyturn.Server.Tests.Support;

/// <summary>Plain HTTP to the server, returning status and parsed JSON, so tests assert on the wire format.</summary>
public sealed class ApiClient(Uri address, string? token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };

    public Uri Address => address;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiResponse> PatchAsync(string path, object? body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<ApiResponse> DeleteAsync(string path, object? body = null) => SendAsync(HttpMethod.Delete, path, body);

    public Task<ApiResponse> PostRawAsync(string path, string rawBody) => SendRawAsync(HttpMethod.Post, path, rawBody, token);

    public Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string rawBody) => SendRawAsync(method, path, rawBody, token);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, string? tokenOverride = null, bool noToken = false) =>
        await SendRawAsync(method, path, body is null ? null : JsonSerializer.Serialize(body), noToken ? null : tokenOverride ?? token);

    private async Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string? rawBody, string? bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, string.IsNullOrEmpty(text) ? null : TryParse(text));
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

public sealed record ApiResponse(HttpStatusCode Status, string Text, JsonNode? Json)
{
    public JsonNode Body => Json ?? throw new InvalidOperationException($"Not JSON ({(int)Status}): {Text}");

    /// <summary>The rules a validation problem lists for a field (empty when none).</summary>
    public IReadOnlyList<string> ErrorsFor(string field) =>
        Json?["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToList() ?? [];

    public ApiResponse ShouldBe(HttpStatusCode status)
    {
        Assert.True(status == Status, $"Expected {(int)status} but got {(int)Status}: {Text}");
        return this;
    }
}
