using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>JSON over HTTP to one running server, as a client sees it.</summary>
public sealed class Api : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="handler">Null for a plain client; a process driver's records the secrets it sends and receives.</param>
    public Api(Uri address, string token, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>A request whose answer must be 200; its JSON body.</summary>
    public async Task<JsonNode> OkAsync(HttpMethod method, string path, object? body = null)
    {
        var (status, text) = await SendAsync(method, path, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A request sent into a server that may die under it: its status, or null when the transport failed. A killed
    /// process shows as an HttpRequestException mostly, but as a bare SocketException when the kill lands between
    /// accept and the client reading the connection's remote end point (.NET does not wrap that one).
    /// </summary>
    public async Task<HttpStatusCode?> SendIntoCrashAsync(HttpMethod method, string path, object? body = null)
    {
        try
        {
            return (await SendAsync(method, path, body)).Status;
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            return null;
        }
    }

    /// <summary>A mapped secret's value, or null when the secret does not exist.</summary>
    public async Task<string?> SecretValueAsync(string projectId, string key)
    {
        var (status, text) = await SendAsync(HttpMethod.Get, $"api/v3/secrets/raw/{key}?workspaceId={projectId}&environment=dev&secretPath=/");
        return status == HttpStatusCode.NotFound ? null : JsonNode.Parse(text)!["secret"]!["secretValue"]!.GetValue<string>();
    }

    public void Dispose() => _http.Dispose();
}
