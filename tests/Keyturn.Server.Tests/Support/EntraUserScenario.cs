using System.Net;
using Keyturn.AzureEmulator;

namespace Keyturn.Server.Tests.Support;

/// <summary>Builds azure-entra-user-password rotations through the API, and signs users in as a consumer would.</summary>
public static class EntraUserScenario
{
    public const string RotationsPath = "/api/v2/secret-rotations/azure-entra-user-password";

    public static Dictionary<string, object?> RotationBody(string projectId, string connectionId, object parameters, string? name = null) => new()
    {
        ["name"] = name ?? $"user-{Guid.NewGuid():N}"[..20],
        ["projectId"] = projectId,
        ["connectionId"] = connectionId,
        ["environment"] = "dev",
        ["secretPath"] = "/",
        ["isAutoRotationEnabled"] = true,
        ["rotationInterval"] = 30,
        ["rotateAtUtc"] = new { hours = 0, minutes = 0 },
        ["parameters"] = parameters,
        ["secretsMapping"] = new { username = "AD_USER", password = "AD_PASSWORD" },
    };

    /// <summary>A real password-grant token request over HTTPS to the emulator, as an app configured with the mapped secrets would make.</summary>
    public static async Task<HttpStatusCode> SignInAsync(AzureEmulatorHost emulator, string username, string password)
    {
        using var http = new HttpClient(EmulatorTrust.CreateHandler(emulator.CaCertificate));
        using var response = await http.PostAsync(new Uri(emulator.AuthorityHost, $"{emulator.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = emulator.PublicClientApp.ClientId,
            ["username"] = username,
            ["password"] = password,
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        return response.StatusCode;
    }
}
