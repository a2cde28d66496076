using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Tests;

/// <summary>azure-storage-account-key through the generic `rotation create TYPE`, against the real server and emulator.</summary>
public sealed class StorageAccountKeyCliTests : AgainstServer
{
    [Fact]
    public async Task RotationCreate_StorageAccountKey_CreateRotateTwiceDelete()
    {
        var account = Emulator.StorageAccount;
        var projectId = Json(await RunOkAsync("project", "create", "--name", "cli-storage", "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(Emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", "cli-storage", "--tenant-id", Emulator.TenantId,
            "--client-id", Emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", Emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", Emulator.GraphEndpoint.AbsoluteUri, "--resource-manager-endpoint", Emulator.ResourceManagerEndpoint.AbsoluteUri, "-o", "json"))
            ["appConnection"]!["id"]!.GetValue<string>();
        var original = Keys();

        var created = Json(await RunOkAsync("rotation", "create", "azure-storage-account-key", "--name", "cli-storage-keys", "--project-id", projectId,
            "--connection-id", connectionId, "--env", "dev", "--param", $"subscriptionId={account.SubscriptionId}", "--param", $"resourceGroup={account.ResourceGroup}",
            "--param", $"accountName={account.Name}", "--param", "keyNames=key1,key2",
            "--map", "accountKey=STORAGE_KEY", "--map", "connectionString=STORAGE_CONNECTION_STRING", "-o", "json"))["secretRotation"]!;
        var rotationId = created["id"]!.GetValue<string>();

        Assert.Equal(original, Keys());
        Assert.Equal(original["key1"], await MappedWorkingKeyAsync(projectId));

        var first = Json(await RunOkAsync("rotation", "rotate", rotationId, "--type", "azure-storage-account-key", "-o", "json"))["secretRotation"]!;
        Assert.Equal(1, first["activeIndex"]!.GetValue<int>());
        Assert.Equal(Keys()["key2"], await MappedWorkingKeyAsync(projectId));
        Assert.NotEqual(original["key2"], Keys()["key2"]);

        var second = Json(await RunOkAsync("rotation", "rotate", rotationId, "--type", "azure-storage-account-key", "-o", "json"))["secretRotation"]!;
        Assert.Equal(0, second["activeIndex"]!.GetValue<int>());
        Assert.Equal(Keys()["key1"], await MappedWorkingKeyAsync(projectId));
        Assert.NotEqual(original["key1"], Keys()["key1"]);

        await RunOkAsync("rotation", "delete", rotationId, "--type", "azure-storage-account-key", "--delete-secrets");
        Assert.Empty(Json(await RunOkAsync("rotation", "list", "--project-id", projectId, "-o", "json"))["secretRotations"]!.AsArray());
    }

    private IReadOnlyDictionary<string, string> Keys() => Emulator.Control.StorageKeys(Emulator.StorageAccount.ResourceGroup, Emulator.StorageAccount.Name);

    /// <summary>Reads both mapped secrets with the CLI and proves each with a Shared Key request through the real SDK.</summary>
    private async Task<string> MappedWorkingKeyAsync(string projectId)
    {
        var key = (await RunOkAsync("secret", "get", "STORAGE_KEY", "--project-id", projectId, "--env", "dev")).Out.Trim();
        var connectionString = (await RunOkAsync("secret", "get", "STORAGE_CONNECTION_STRING", "--project-id", projectId, "--env", "dev")).Out.Trim();
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(EmulatorTrust.CreateHandler(Emulator.CaCertificate))), Retry = { MaxRetries = 0 } };
        var account = Emulator.StorageAccount;
        await new BlobServiceClient(account.BlobEndpoint, new Azure.Storage.StorageSharedKeyCredential(account.Name, key), options).GetPropertiesAsync();
        await new BlobServiceClient(connectionString, options).GetPropertiesAsync();
        return key;
    }
}
