using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Keyturn.AzureEmulator.Tests.Support;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>The blob data plane's Shared Key check, driven by the real Azure.Storage.Blobs SDK.</summary>
public sealed class BlobEndpointsTests
{
    [Theory]
    [InlineData("key1")]
    [InlineData("key2")]
    public async Task ListContainers_WithAccountKey_Succeeds(string keyName)
    {
        await using var host = await Emulator.StartAsync();
        var key = host.Control.StorageKeys(host.StorageAccount.ResourceGroup, host.StorageAccount.Name)[keyName];
        var blobs = StorageClient.Blobs(host, host.StorageAccount, key);

        var containers = await blobs.GetBlobContainersAsync().ToListAsync();
        var properties = await blobs.GetPropertiesAsync();

        Assert.Empty(containers);
        Assert.NotNull(properties.Value);
    }

    [Fact]
    public async Task ListContainers_WithConnectionString_Succeeds()
    {
        await using var host = await Emulator.StartAsync();
        var account = host.StorageAccount;
        var key = host.Control.StorageKeys(account.ResourceGroup, account.Name)["key1"];
        var blobs = new BlobServiceClient(
            $"DefaultEndpointsProtocol=https;AccountName={account.Name};AccountKey={key};BlobEndpoint={account.BlobEndpoint}", StorageClient.Options(host));

        Assert.Empty(await blobs.GetBlobContainersAsync().ToListAsync());
    }

    [Fact]
    public async Task ListContainers_WithWrongOrRegeneratedOrKerbKey_Returns403AuthenticationFailed()
    {
        await using var host = await Emulator.StartAsync();
        var account = host.StorageAccount;
        var keys = host.Control.StorageKeys(account.ResourceGroup, account.Name);
        host.Control.RegenerateStorageKey(account.ResourceGroup, account.Name, "key1");

        foreach (var key in new[] { Convert.ToBase64String(new byte[64]), keys["key1"], keys["kerb1"] })
        {
            var error = await Assert.ThrowsAsync<RequestFailedException>(() => StorageClient.Blobs(host, account, key).GetBlobContainersAsync().ToListAsync().AsTask());
            Assert.Equal((int)HttpStatusCode.Forbidden, error.Status);
            Assert.Equal("AuthenticationFailed", error.ErrorCode);
        }
    }

    [Fact]
    public async Task ListContainers_OtherAccountsKey_Returns403()
    {
        await using var host = await Emulator.StartAsync();
        var other = host.Control.CreateStorageAccount("rg-other", "otherstore");
        var otherKey = host.Control.StorageKeys("rg-other", "otherstore")["key1"];

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            new BlobServiceClient(host.StorageAccount.BlobEndpoint, new Azure.Storage.StorageSharedKeyCredential(host.StorageAccount.Name, otherKey), StorageClient.Options(host))
                .GetBlobContainersAsync().ToListAsync().AsTask());
        var ok = await StorageClient.Blobs(host, other, otherKey).GetBlobContainersAsync().ToListAsync();

        Assert.Equal(403, error.Status);
        Assert.Empty(ok);
    }
}
