namespace Keyturn.Tests.Shared.Logging;

/// <summary>
/// For a harness that talks to a server process: records the secrets in its own requests and the answers (bearer
/// token, secret values set and read, client secrets, access tokens), the values it then looks for in the output.
/// </summary>
internal sealed class SecretRecordingHandler(SecretValueRecorder recorder) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } token })
        {
            recorder.Secret(token);
        }

        if (request.Content is not null)
        {
            SecretJson.CollectApi(await request.Content.ReadAsStringAsync(cancellationToken), recorder);
        }

        var response = await base.SendAsync(request, cancellationToken);
        // Buffered, so the caller can still read the body after this.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        SecretJson.CollectApi(await response.Content.ReadAsStringAsync(cancellationToken), recorder);
        return response;
    }
}
