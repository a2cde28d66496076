using System.Text.Json;

namespace Keyturn.Providers.Azure;

/// <summary>The non-secret half of an Azure app connection.</summary>
/// <param name="AuthorityHost">Entra token host, e.g. https://login.microsoftonline.com/ (sovereign clouds and the emulator differ).</param>
/// <param name="GraphEndpoint">Graph root, e.g. https://graph.microsoft.com/ (v1.0 is appended unless the path already names a version).</param>
public sealed record AzureConnectionConfig(string TenantId, string ClientId, Uri AuthorityHost, Uri GraphEndpoint)
{
    public static readonly Uri PublicAuthorityHost = new("https://login.microsoftonline.com/");
    public static readonly Uri PublicGraphEndpoint = new("https://graph.microsoft.com/");
    public static readonly Uri PublicResourceManagerEndpoint = new("https://management.azure.com/");

    /// <summary>Azure Resource Manager root (storage account keys); connections stored before it existed read the public one.</summary>
    public Uri ResourceManagerEndpoint { get; init; } = PublicResourceManagerEndpoint;

    // ARM's sovereign clouds each have their own token audience; any other host (an emulator, a proxy) is asked for
    // the public one, as the Azure SDKs do.
    private static readonly HashSet<string> SovereignResourceManagerHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "management.usgovcloudapi.net", "management.chinacloudapi.cn",
    };

    /// <summary>The token scope for ARM calls.</summary>
    public string ResourceManagerScope => SovereignResourceManagerHosts.Contains(ResourceManagerEndpoint.Host)
        ? $"https://{ResourceManagerEndpoint.Host}/.default"
        : "https://management.azure.com/.default";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Graph's v1.0 base with a trailing slash.</summary>
    public Uri GraphBase
    {
        get
        {
            var text = GraphEndpoint.AbsoluteUri.TrimEnd('/');
            return new Uri(text.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase) || text.EndsWith("/beta", StringComparison.OrdinalIgnoreCase)
                ? text + "/"
                : text + "/v1.0/");
        }
    }

    // Graph's national clouds each have their own token audience; any other host (an emulator, a proxy) is asked
    // for the public one, which is what the Graph SDK requests by default whatever its base URL.
    private static readonly HashSet<string> NationalGraphHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn", "graph.microsoft.de",
    };

    /// <summary>The token scope for Graph calls.</summary>
    public string GraphScope => NationalGraphHosts.Contains(GraphEndpoint.Host)
        ? $"https://{GraphEndpoint.Host}/.default"
        : "https://graph.microsoft.com/.default";

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static AzureConnectionConfig FromJson(JsonElement json) =>
        json.Deserialize<AzureConnectionConfig>(JsonOptions) ?? throw new JsonException("Empty Azure connection configuration.");
}
