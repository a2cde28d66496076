using Keyturn.Providers.Azure;

namespace Keyturn.Providers.Tests.Azure;

public sealed class ResourceManagerScopeTests
{
    [Theory]
    [InlineData("https://management.azure.com", "https://management.azure.com/.default")]
    [InlineData("https://management.usgovcloudapi.net/", "https://management.usgovcloudapi.net/.default")]
    [InlineData("https://management.chinacloudapi.cn/", "https://management.chinacloudapi.cn/.default")]
    [InlineData("https://127.0.0.1:8443/", "https://management.azure.com/.default")]
    public void ResourceManagerScope_Endpoint_IsSovereignAudienceOrPublic(string endpoint, string scope)
    {
        var config = new AzureConnectionConfig("t", "c", AzureConnectionConfig.PublicAuthorityHost, AzureConnectionConfig.PublicGraphEndpoint)
        {
            ResourceManagerEndpoint = new Uri(endpoint),
        };

        Assert.Equal(scope, config.ResourceManagerScope);
    }

    [Fact]
    public void FromJson_StoredBeforeResourceManagerExisted_ReadsThePublicEndpoint()
    {
        var json = System.Text.Json.JsonDocument.Parse("""{"tenantId":"t","clientId":"c","authorityHost":"https://login.microsoftonline.com/","graphEndpoint":"https://graph.microsoft.com/"}""");

        Assert.Equal(AzureConnectionConfig.PublicResourceManagerEndpoint, AzureConnectionConfig.FromJson(json.RootElement).ResourceManagerEndpoint);
    }
}
