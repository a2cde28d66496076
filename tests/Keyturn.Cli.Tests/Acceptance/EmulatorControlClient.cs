using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;

namespace Keyturn.Cli.Tests.Acceptance;

/// <summary>The out-of-process emulator's /_emulator control API, over HTTPS trusting its CA.</summary>
public sealed class EmulatorControlClient(Uri baseUri, X509Certificate2 ca) : IDisposable
{
    private readonly HttpClient _http = new(EmulatorTrust.CreateHandler(ca)) { BaseAddress = baseUri };

    public async Task<(string ObjectId, string ClientId, string? Secret)> CreateApplicationAsync(string name, string[] roles, string[] owners)
    {
        var response = await _http.PostAsJsonAsync("_emulator/applications", new { displayName = name, appRoles = roles, ownerObjectIds = owners, withInitialSecret = true });
        response.EnsureSuccessStatusCode();
        var app = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (app["objectId"]!.GetValue<string>(), app["clientId"]!.GetValue<string>(), app["initialSecret"]?.GetValue<string>());
    }

    public async Task<string> AdminObjectIdAsync()
    {
        var info = JsonNode.Parse(await _http.GetStringAsync("_emulator/info"))!;
        return info["adminApp"]!["objectId"]!.GetValue<string>();
    }

    public async Task<JsonArray> PasswordsAsync(string objectId)
    {
        var text = await _http.GetStringAsync($"_emulator/applications/{objectId}/passwords");
        return JsonNode.Parse(text)!.AsArray();
    }

    public async Task RemovePasswordAsync(string objectId, string keyId) =>
        (await _http.DeleteAsync($"_emulator/applications/{objectId}/passwords/{keyId}")).EnsureSuccessStatusCode();

    public async Task<bool> AuthenticatesAsync(string clientId, string secret)
    {
        var response = await _http.PostAsJsonAsync("_emulator/authenticates", new { clientId, secret });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["authenticates"]!.GetValue<bool>();
    }

    public async Task SetPropagationDelayAsync(double seconds) =>
        (await _http.PutAsJsonAsync("_emulator/propagation-delay", new { seconds })).EnsureSuccessStatusCode();

    public async Task InjectFaultAsync(object rule) =>
        (await _http.PostAsJsonAsync("_emulator/faults", rule)).EnsureSuccessStatusCode();

    public async Task<int> RequestCountAsync(string method, string pathContains) =>
        JsonNode.Parse(await _http.GetStringAsync($"_emulator/requests?method={method}&pathContains={Uri.EscapeDataString(pathContains)}"))!["count"]!.GetValue<int>();

    /// <summary>A new directory user; privileged users hold Global Administrator.</summary>
    public async Task<(string ObjectId, string UserPrincipalName, string InitialPassword)> CreateUserAsync(string name, bool privileged = false)
    {
        var response = await _http.PostAsJsonAsync("_emulator/users", new { name, privileged });
        response.EnsureSuccessStatusCode();
        var user = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (user["objectId"]!.GetValue<string>(), user["userPrincipalName"]!.GetValue<string>(), user["initialPassword"]!.GetValue<string>());
    }

    /// <summary>The seeded app with "Allow public client flows" on.</summary>
    public async Task<string> PublicClientIdAsync() =>
        JsonNode.Parse(await _http.GetStringAsync("_emulator/users"))!["publicClient"]!["clientId"]!.GetValue<string>();

    /// <summary>Whether the password grant accepts this username and password now (replication included).</summary>
    public async Task<bool> SignsInAsync(string username, string password)
    {
        var response = await _http.PostAsJsonAsync("_emulator/signs-in", new { username, password });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["signsIn"]!.GetValue<bool>();
    }

    /// <summary>Whether the user's password as last set is this one (replication ignored).</summary>
    public async Task<bool> HasPasswordAsync(string userId, string password)
    {
        var response = await _http.PostAsJsonAsync($"_emulator/users/{Uri.EscapeDataString(userId)}/has-password", new { password });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["hasPassword"]!.GetValue<bool>();
    }

    public async Task SetPasswordPropagationDelayAsync(double seconds) =>
        (await _http.PutAsJsonAsync("_emulator/password-propagation-delay", new { seconds })).EnsureSuccessStatusCode();

    public void Dispose() => _http.Dispose();
}
