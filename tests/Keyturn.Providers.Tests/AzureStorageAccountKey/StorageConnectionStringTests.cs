using Keyturn.Providers.AzureStorageAccountKey;

namespace Keyturn.Providers.Tests.AzureStorageAccountKey;

public sealed class StorageConnectionStringTests
{
    [Theory]
    [InlineData("https://orders.blob.core.windows.net/", "EndpointSuffix=core.windows.net")]
    [InlineData("https://orders.blob.core.usgovcloudapi.net/", "EndpointSuffix=core.usgovcloudapi.net")]
    [InlineData("https://orders.blob.core.chinacloudapi.cn/", "EndpointSuffix=core.chinacloudapi.cn")]
    [InlineData("https://127.0.0.1:8443/orders/", "BlobEndpoint=https://127.0.0.1:8443/orders/")]
    [InlineData("https://files.contoso.com/", "BlobEndpoint=https://files.contoso.com/")]
    [InlineData("https://other.blob.core.windows.net/", "BlobEndpoint=https://other.blob.core.windows.net/")]
    public void For_BlobEndpoint_UsesSuffixOnlyForAzuresOwnHost(string blob, string tail)
    {
        Assert.Equal($"DefaultEndpointsProtocol=https;AccountName=orders;AccountKey=a2V5;{tail}", StorageConnectionString.For("orders", "a2V5", new Uri(blob)));
    }

    [Fact]
    public void For_NoBlobEndpoint_AssumesThePublicCloud() =>
        Assert.EndsWith("EndpointSuffix=core.windows.net", StorageConnectionString.For("orders", "a2V5", null), StringComparison.Ordinal);
}
