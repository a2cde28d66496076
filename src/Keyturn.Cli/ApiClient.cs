using System.Net.Http.Headers;
using System.Text;

namespace Keyturn.Cli;

/// <summary>
/// Thin HTTP wrapper for the Keyturn REST API: bearer token, JSON bodies, and transport
/// failures turned into <see cref="ServerUnreachableException"/>. Certificate validation is the
/// platform's, plus the roots of --ca-cert / KEYTURN_CACERT (see <see cref="ServerCaTrust"/>); there is deliberately
/// no bypass switch.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    // Rotations call the cloud and may wait for propagation, so the default 100 s is too short;
    // five minutes still ends a hung connection. Ctrl+C cancels sooner.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(5);

    private readonly HttpClient http;
    private readonly Uri address;

    public ApiClient(ServerSettings settings, HttpMessageHandler? handler = null)
    {
        address = settings.Address;
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = RequestTimeout;
        // Trailing slash so "api/v1/..." resolves under a path prefix such as https://host/keyturn/.
        http.BaseAddress = new Uri(settings.Address.AbsoluteUri.TrimEnd('/') + "/");
        if (settings.Token.Length > 0)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("keyturn-cli", "1.0"));
    }

    /// <summary>Sends one request; any HTTP status comes back as a value, only a missing answer throws.</summary>
    /// <param name="path">Relative to the server address, without a leading slash, already escaped.</param>
    /// <param name="jsonBody">Serialized request body, or null for none.</param>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? jsonBody, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return new ApiResponse(response.StatusCode, response.ReasonPhrase, body);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnreachableException(address, Reason(ex), ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation nobody asked for.
            throw new ServerUnreachableException(address, $"no answer within {RequestTimeout.TotalSeconds:0} s", ex);
        }
    }

    public void Dispose() => http.Dispose();

    private static string Reason(HttpRequestException ex)
    {
        // "The SSL connection could not be established, see inner exception." hides the useful part.
        if (ex.HttpRequestError == HttpRequestError.SecureConnectionError && ex.InnerException is { } inner)
        {
            return $"TLS handshake failed: {inner.Message}";
        }

        return ex.Message;
    }
}
