using System.Security.Cryptography;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Keyturn.AzureEmulator;
using Keyturn.Core.Domain;

namespace Keyturn.CrashMatrix.Tests.Harness;

/// <summary>A storage account of its own at the emulator whose key1/key2 an azure-storage-account-key rotation manages.</summary>
public sealed class StorageAccountTarget : ICrashTarget
{
    private const string ResourceGroup = "rg-crash";
    private readonly AzureSide _azure;
    private readonly string _subscriptionId;
    private readonly string _accountName;
    private readonly Uri _blobEndpoint;
    private readonly IReadOnlyDictionary<string, string> _initialKeys;

    private StorageAccountTarget(AzureSide azure, string subscriptionId, string accountName, Uri blobEndpoint, IReadOnlyDictionary<string, string> initialKeys) =>
        (_azure, _subscriptionId, _accountName, _blobEndpoint, _initialKeys) = (azure, subscriptionId, accountName, blobEndpoint, initialKeys);

    public string App => "azure";

    public object Parameters => new { subscriptionId = _subscriptionId, resourceGroup = ResourceGroup, accountName = _accountName, keyNames = new[] { "key1", "key2" } };

    public IReadOnlyDictionary<string, string> Mapping { get; } = new Dictionary<string, string> { ["accountKey"] = "STORAGE_KEY", ["connectionString"] = "STORAGE_CONNECTION_STRING" };

    /// <summary>A fresh account (its own name, so cells sharing an emulator never meet) on which the admin app holds the key operator role and Reader.</summary>
    public static async Task<StorageAccountTarget> CreateAsync(AzureSide azure)
    {
        var name = "crash" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var (subscriptionId, resourceId, blobEndpoint) = await azure.Control.CreateStorageAccountAsync(ResourceGroup, name);
        await azure.Control.GrantRoleAsync(azure.AdminClientId, resourceId, "Storage Account Key Operator Service Role");
        await azure.Control.GrantRoleAsync(azure.AdminClientId, resourceId, "Reader");
        return new StorageAccountTarget(azure, subscriptionId, name, blobEndpoint, await azure.Control.StorageKeysAsync(ResourceGroup, name));
    }

    public object ConnectionBody(string name) => new
    {
        name,
        method = "client-secret",
        credentials = new { tenantId = _azure.TenantId, clientId = _azure.AdminClientId, clientSecret = _azure.AdminSecret },
        endpoints = new { authorityHost = _azure.Endpoint.AbsoluteUri, graph = _azure.Endpoint.AbsoluteUri, resourceManager = _azure.Endpoint.AbsoluteUri },
    };

    /// <summary>
    /// The blob service refuses every Get Service Properties (Keyturn's verify request) with 403, as it does a key that
    /// has not propagated. The SDK appends "/" to the path-style endpoint, hence the double slash; ARM paths never match.
    /// </summary>
    public Task SetVerifyRefusedAsync(bool refused) => refused
        ? _azure.Control.InjectFaultAsync(new FaultRule("GET", $"/{_accountName}//?restype=service", 403, Times: 100_000, ErrorCode: "AuthenticationFailed"))
        : _azure.Control.ClearFaultsAsync();

    /// <summary>Both mapped values pass a Shared Key request through the real Azure.Storage.Blobs SDK.</summary>
    public async Task<bool> AcceptsAsync(IReadOnlyDictionary<string, string> values) =>
        await WorksAsync(new BlobServiceClient(_blobEndpoint, new StorageSharedKeyCredential(_accountName, values["accountKey"]), Options()))
        && await WorksAsync(new BlobServiceClient(values["connectionString"], Options()));

    public async Task CheckHeldAsync(Guid rotationId, IReadOnlyList<RotationSlot> slots, HeldCredentials held)
    {
        var keys = await _azure.Control.StorageKeysAsync(ResourceGroup, _accountName);
        foreach (var name in new[] { "key1", "key2" }.Where(k => keys[k] != _initialKeys[k]))
        {
            Assert.True(held.Holds("accountKey", keys[name], "keyName", name), $"the account's {name} was regenerated to a value Keyturn does not hold");
        }

        Assert.Equal(_initialKeys["kerb1"], keys["kerb1"]);
        Assert.Equal(_initialKeys["kerb2"], keys["kerb2"]);
    }

    private BlobClientOptions Options() => new()
    {
        Transport = new HttpClientTransport(new HttpClient(EmulatorTrust.CreateHandler(_azure.Ca))),
        Retry = { MaxRetries = 0 },
    };

    private static async Task<bool> WorksAsync(BlobServiceClient client)
    {
        try
        {
            await client.GetBlobContainersAsync().AsPages().FirstAsync();
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            return false;
        }
    }
}
