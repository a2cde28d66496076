using System.Net.Http.Headers;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Keyturn.AzureEmulator.Tests.Support;

/// <summary>ARM over HttpClient with tokens from the real Azure.Identity, and the real Azure.Storage.Blobs SDK for the data plane.</summary>
internal static class StorageClient
{
    public const string ArmScope = "https://management.azure.com/.default";
    public const string ApiVersion = "api-version=2023-05-01";

    public static async Task<HttpClient> ArmAsync(AzureEmulatorHost host, string clientId, string secret, string scope = ArmScope)
    {
        var client = new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate)) { BaseAddress = host.ResourceManagerEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await EmulatorClient.TokenAsync(host, clientId, secret, scope));
        return client;
    }

    public static Task<HttpClient> AdminArmAsync(AzureEmulatorHost host) => ArmAsync(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!);

    public static string AccountPath(EmulatedStorageAccount account, string? action = null) =>
        account.ResourceId.TrimStart('/') + (action is null ? string.Empty : "/" + action) + "?" + ApiVersion;

    public static BlobServiceClient Blobs(AzureEmulatorHost host, EmulatedStorageAccount account, string key) =>
        new(account.BlobEndpoint, new StorageSharedKeyCredential(account.Name, key), Options(host));

    public static BlobClientOptions Options(AzureEmulatorHost host) => new()
    {
        Transport = new HttpClientTransport(new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate))),
        Retry = { MaxRetries = 0 },
    };
}
