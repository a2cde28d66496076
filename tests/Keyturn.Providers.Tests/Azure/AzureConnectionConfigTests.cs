using Keyturn.Providers.Azure;

namespace Keyturn.Providers.Tests.Azure;

public sealed class AzureConnectionConfigTests
{
    [Theory]
    [InlineData("https://graph.microsoft.com", "https://graph.microsoft.com/v1.0/", "https://graph.microsoft.com/.default")]
    [InlineData("https://graph.microsoft.us/", "https://graph.microsoft.us/v1.0/", "https://graph.microsoft.us/.default")]
    [InlineData("https://127.0.0.1:8443/v1.0", "https://127.0.0.1:8443/v1.0/", "https://graph.microsoft.com/.default")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/v1.0/", "https://microsoftgraph.chinacloudapi.cn/.default")]
    public void GraphBaseAndScope_Endpoint_AreDerived(string graph, string expectedBase, string expectedScope)
    {
        var config = new AzureConnectionConfig("t", "c", AzureConnectionConfig.PublicAuthorityHost, new Uri(graph));

        Assert.Equal(expectedBase, config.GraphBase.AbsoluteUri);
        Assert.Equal(expectedScope, config.GraphScope);
    }
}
