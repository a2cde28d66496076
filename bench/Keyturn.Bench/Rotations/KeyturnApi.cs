using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Keyturn.Bench.Rotations;

/// <summary>JSON over HTTP to the Keyturn API with the root token, as any API client would call it.</summary>
public sealed class KeyturnApi : IDisposable
{
    private readonly HttpClient _http;

    public KeyturnApi(Uri address, string rootToken)
    {
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", rootToken);
    }

    /// <summary>POSTs the body and returns the parsed answer; anything but 200 OK is an error with the server's text.</summary>
    public async Task<JsonNode> PostAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = body is null
            ? await _http.PostAsync(path, null, cancellationToken)
            : await _http.PostAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"POST {path} answered 200 without a JSON body.");
    }

    public void Dispose() => _http.Dispose();
}
