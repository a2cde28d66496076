using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Keyturn.AzureEmulator.Tests.Support;

/// <summary>Real Azure.Identity credentials and a bearer-authenticated Graph HttpClient against one emulator.</summary>
internal static class EmulatorClient
{
    public const string GraphScope = "https://graph.microsoft.com/.default";

    public static ClientSecretCredential Credential(AzureEmulatorHost host, string clientId, string secret, string? tenantId = null) =>
        new(tenantId ?? host.TenantId, clientId, secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = host.AuthorityHost,
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate))),
            Retry = { MaxRetries = 0 },
        });

    public static async Task<string> TokenAsync(AzureEmulatorHost host, string clientId, string secret, string scope = GraphScope) =>
        (await Credential(host, clientId, secret).GetTokenAsync(new TokenRequestContext([scope]), CancellationToken.None)).Token;

    /// <summary>An HttpClient rooted at {GraphEndpoint}v1.0/ carrying a token for the given app.</summary>
    public static async Task<HttpClient> GraphAsync(AzureEmulatorHost host, string clientId, string secret)
    {
        var client = Unauthenticated(host);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(host, clientId, secret));
        return client;
    }

    public static HttpClient Unauthenticated(AzureEmulatorHost host) =>
        new(EmulatorTrust.CreateHandler(host.CaCertificate)) { BaseAddress = new Uri(host.GraphEndpoint, "v1.0/") };

    public static Task<HttpClient> AdminGraphAsync(AzureEmulatorHost host) =>
        GraphAsync(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        (await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString()!;
}
