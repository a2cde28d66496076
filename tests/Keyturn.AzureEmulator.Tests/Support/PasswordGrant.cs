using System.Net.Http.Json;
using System.Text.Json;

namespace Keyturn.AzureEmulator.Tests.Support;

/// <summary>Raw password-grant token requests, as a public client (or anything else) sends them.</summary>
internal static class PasswordGrant
{
    public static async Task<(int Status, JsonElement Body)> RequestAsync(
        AzureEmulatorHost host, string clientId, string username, string password, string scope = "https://graph.microsoft.com/.default", string? clientSecret = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = clientId, ["username"] = username, ["password"] = password, ["scope"] = scope };
        if (clientSecret is not null)
        {
            form["client_secret"] = clientSecret;
        }

        using var http = new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate));
        using var response = await http.PostAsync(new Uri(host.AuthorityHost, $"{host.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(form));
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static string Description(JsonElement body) => body.GetProperty("error_description").GetString()!;
}
