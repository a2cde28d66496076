using Azure.Identity;

namespace Keyturn.Providers.Azure;

/// <summary>
/// Builds Entra client-secret credentials. A fresh credential per operation on purpose: a token cached across
/// operations would hide a revoked connection secret until the token expires.
/// </summary>
public sealed class AzureCredentials(AzureHttpTransport transport)
{
    private static readonly HashSet<string> KnownAuthorityHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.microsoftonline.de",
    };

    public ClientSecretCredential Create(AzureConnectionConfig config, string clientId, string clientSecret) =>
        new(config.TenantId, clientId, clientSecret, new ClientSecretCredentialOptions
        {
            AuthorityHost = config.AuthorityHost,
            // Instance discovery asks login.microsoftonline.com about the host; unknown hosts (emulators, private clouds) must skip it.
            DisableInstanceDiscovery = !KnownAuthorityHosts.Contains(config.AuthorityHost.Host),
            Transport = transport.Transport,
            Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(500) },
        });
}
