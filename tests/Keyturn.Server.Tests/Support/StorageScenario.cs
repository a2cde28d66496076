using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Keyturn.AzureEmulator;

namespace Keyturn.Server.Tests.Support;

/// <summary>Storage account key rotations through the API, and Shared Key checks with the real Azure.Storage.Blobs SDK.</summary>
public static class StorageScenario
{
    public const string RotationsPath = "/api/v2/secret-rotations/azure-storage-account-key";

    /// <summary>An Azure connection whose ARM endpoint is the emulator's (it serves ARM on its own origin).</summary>
    public static async Task<string> CreateConnectionAsync(TestServer server, string? clientId = null, string? secret = null)
    {
        var emulator = server.Emulator;
        var body = new
        {
            name = $"s-{Guid.NewGuid():N}"[..20],
            method = "client-secret",
            credentials = new { tenantId = emulator.TenantId, clientId = clientId ?? emulator.AdminApp.ClientId, clientSecret = secret ?? emulator.AdminApp.InitialSecret },
            endpoints = new
            {
                authorityHost = emulator.AuthorityHost.AbsoluteUri,
                graph = emulator.GraphEndpoint.AbsoluteUri,
                resourceManager = emulator.ResourceManagerEndpoint.AbsoluteUri,
            },
        };
        var response = (await server.Api.PostAsync("/api/v1/app-connections/azure", body)).ShouldBe(HttpStatusCode.OK);
        return response.Body["appConnection"]!["id"]!.GetValue<string>();
    }

    public static Dictionary<string, object?> RotationBody(
        string projectId, string connectionId, EmulatedStorageAccount account, string[] keyNames, object? mapping = null, object? parameters = null) => new()
    {
        ["name"] = $"storage-{Guid.NewGuid():N}"[..20],
        ["projectId"] = projectId,
        ["connectionId"] = connectionId,
        ["environment"] = "dev",
        ["secretPath"] = "/",
        ["isAutoRotationEnabled"] = false,
        ["rotationInterval"] = 30,
        ["rotateAtUtc"] = new { hours = 0, minutes = 0 },
        ["parameters"] = parameters ?? new { subscriptionId = account.SubscriptionId, resourceGroup = account.ResourceGroup, accountName = account.Name, keyNames },
        ["secretsMapping"] = mapping ?? new { accountName = "STORAGE_ACCOUNT", accountKey = "STORAGE_KEY", connectionString = "STORAGE_CONNECTION_STRING" },
    };

    public static IReadOnlyDictionary<string, string> Keys(TestServer server) =>
        server.Emulator.Control.StorageKeys(server.Emulator.StorageAccount.ResourceGroup, server.Emulator.StorageAccount.Name);

    /// <summary>Whether a Shared Key-signed Get Service Properties with this key succeeds at the account's blob endpoint.</summary>
    public static async Task<bool> KeyWorksAsync(TestServer server, string key)
    {
        var account = server.Emulator.StorageAccount;
        return await WorksAsync(new BlobServiceClient(account.BlobEndpoint, new StorageSharedKeyCredential(account.Name, key), Options(server)));
    }

    public static Task<bool> ConnectionStringWorksAsync(TestServer server, string connectionString) =>
        WorksAsync(new BlobServiceClient(connectionString, Options(server)));

    /// <summary>The mapped key and the mapped connection string both authenticate; returns the mapped key.</summary>
    public static async Task<string> AssertMappedSecretsWorkAsync(TestServer server, string projectId)
    {
        var key = await Scenario.SecretValueAsync(server, projectId, "STORAGE_KEY");
        var connectionString = await Scenario.SecretValueAsync(server, projectId, "STORAGE_CONNECTION_STRING");
        Assert.Equal(server.Emulator.StorageAccount.Name, await Scenario.SecretValueAsync(server, projectId, "STORAGE_ACCOUNT"));
        Assert.Contains($"AccountKey={key};", connectionString, StringComparison.Ordinal);
        Assert.True(await KeyWorksAsync(server, key), "the mapped key was refused");
        Assert.True(await ConnectionStringWorksAsync(server, connectionString), "the mapped connection string was refused");
        return key;
    }

    private static async Task<bool> WorksAsync(BlobServiceClient client)
    {
        try
        {
            await client.GetBlobContainersAsync().AsPages().FirstAsync();
            return true;
        }
        catch (RequestFailedException e) when (e is { Status: 403, ErrorCode: "AuthenticationFailed" })
        {
            return false;
        }
    }

    private static BlobClientOptions Options(TestServer server) => new()
    {
        Transport = new HttpClientTransport(new HttpClient(EmulatorTrust.CreateHandler(server.Emulator.CaCertificate))),
        Retry = { MaxRetries = 0 },
    };
}
