using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints.AzureStorageAccountKey;

/// <summary>How the type describes itself, and the connection's ARM endpoint it depends on.</summary>
public sealed class StorageAccountKeyOptionsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Options_DescribeStorageAccountKey_FixedSlotWithOptionalOutputs()
    {
        var options = (await Server.Api.GetAsync("/api/v2/secret-rotations/options")).ShouldBe(HttpStatusCode.OK).Body["secretRotationOptions"]!.AsArray();

        var storage = Assert.Single(options, o => o!["type"]!.GetValue<string>() == "azure-storage-account-key")!;
        Assert.Equal("fixed-slot", storage["shape"]!.GetValue<string>());
        Assert.Equal(2, storage["maxSlots"]!.GetValue<int>());
        Assert.Equal(["subscriptionId", "resourceGroup", "accountName", "keyNames"], storage["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("string[]", storage["parameters"]![3]!["type"]!.GetValue<string>());
        Assert.All(storage["outputs"]!.AsArray(), o => Assert.False(o!["required"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8443/")]
    [InlineData("https://management.azure.com/?x=1")]
    [InlineData("not a url")]
    public async Task CreateConnection_ResourceManagerNotHttps_Answers400NamingTheField(string endpoint)
    {
        var body = new
        {
            name = $"rm-{Guid.NewGuid():N}"[..20],
            method = "client-secret",
            credentials = new { tenantId = Server.Emulator.TenantId, clientId = Server.Emulator.AdminApp.ClientId, clientSecret = Server.Emulator.AdminApp.InitialSecret },
            endpoints = new { authorityHost = Server.Emulator.AuthorityHost.AbsoluteUri, graph = Server.Emulator.GraphEndpoint.AbsoluteUri, resourceManager = endpoint },
        };

        var response = (await Server.Api.PostAsync("/api/v1/app-connections/azure", body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotNull(response.Body["errors"]!["endpoints.resourceManager"]);
    }
}
