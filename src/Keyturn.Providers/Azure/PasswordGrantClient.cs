using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Keyturn.Providers.Azure;

/// <summary>
/// Signs a user in with the resource owner password credentials grant (grant_type=password) for a public client, to
/// prove a password works. Raw over the Azure.Core pipeline because Azure.Identity's UsernamePasswordCredential is
/// obsolete (warnings are errors here) and MSAL's ROPC first asks the public cloud's user realm endpoint.
/// </summary>
public sealed class PasswordGrantClient(AzureConnectionConfig config, HttpPipelineTransport transport)
{
    /// <summary>AADSTS50126: wrong username or password; also what a just-reset password gets until it replicates.</summary>
    public const string InvalidUsernameOrPassword = "50126";

    private readonly HttpPipeline _pipeline = HttpPipelineBuilder.Build(new PasswordGrantClientOptions(transport));

    /// <summary>Null when Entra issued a token; otherwise why not (never containing the password).</summary>
    public async Task<PasswordGrantRefusal?> SignInAsync(string clientId, string username, string password, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(config.AuthorityHost, $"{Uri.EscapeDataString(config.TenantId)}/oauth2/v2.0/token"));
        message.Request.Headers.Add("Accept", "application/json");
        message.Request.Headers.Add("Content-Type", "application/x-www-form-urlencoded");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["username"] = username,
            ["password"] = password,
            ["scope"] = config.GraphScope,
        });
        message.Request.Content = RequestContent.Create(await form.ReadAsByteArrayAsync(cancellationToken));
        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        return response.Status == 200 ? null : PasswordGrantRefusal.From(response.Status, response.Content);
    }

    private sealed class PasswordGrantClientOptions : ClientOptions
    {
        public PasswordGrantClientOptions(HttpPipelineTransport transport)
        {
            Transport = transport;
            Retry.MaxRetries = 2;
            Retry.Delay = TimeSpan.FromMilliseconds(500);
            Diagnostics.IsLoggingContentEnabled = false; // the request body carries the password
        }
    }
}

/// <summary>A refused token request: HTTP status, OAuth error, AADSTS codes and the first sentence of the description.</summary>
public sealed record PasswordGrantRefusal(int Status, string Error, IReadOnlyList<string> Codes, string Description)
{
    /// <summary>Whether trying again may succeed: a password Entra has not replicated yet is refused as a wrong one.</summary>
    public bool MayBePropagation => Codes.Contains(PasswordGrantClient.InvalidUsernameOrPassword) || Status is 408 or 429 or >= 500;

    public override string ToString() => $"Entra answered {Status} {Error}: {Description}";

    internal static PasswordGrantRefusal From(int status, BinaryData? body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body?.ToMemory() ?? ReadOnlyMemory<byte>.Empty);
            var root = doc.RootElement;
            var error = root.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown" : "unknown";
            var codes = root.TryGetProperty("error_codes", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Select(x => x.ToString()).ToList()
                : [];
            var description = root.TryGetProperty("error_description", out var d) ? d.GetString() ?? "" : "";
            // Entra appends trace and correlation ids after the sentence; they help nobody reading a rotation's failure.
            var end = description.IndexOf(" Trace ID:", StringComparison.Ordinal);
            description = (end > 0 ? description[..end] : description).Split('\n', 2)[0].Trim();
            return new PasswordGrantRefusal(status, error, codes, description.Length > 300 ? description[..300] : description);
        }
        catch (JsonException)
        {
            return new PasswordGrantRefusal(status, "unknown", [], "the answer was not an OAuth error document");
        }
    }
}
