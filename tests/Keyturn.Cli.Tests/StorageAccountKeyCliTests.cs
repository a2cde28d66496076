using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Server.Hosting;

namespace Keyturn.Cli.Tests;

/// <summary>azure-storage-account-key through the generic `rotation create TYPE`, against the real server and emulator.</summary>
public sealed class StorageAccountKeyCliTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyturn-cli-storage-").FullName;
    private AzureEmulatorHost _emulator = null!;
    private KeyturnServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _emulator = await AzureEmulatorHost.StartAsync(new AzureEmulatorOptions(), CancellationToken.None);
        _server = await KeyturnServerHost.StartAsync(new KeyturnServerOptions
        {
            DataDirectory = _directory,
            Urls = ["http://127.0.0.1:0"],
            RootToken = CliRun.Token,
            ExtraTrustedRoots = [_emulator.CaCertificate],
            Rotation = new RotationOptions { VerifyTimeout = TimeSpan.FromSeconds(20), VerifyInitialDelay = TimeSpan.FromMilliseconds(100) },
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RotationCreate_StorageAccountKey_CreateRotateTwiceDelete()
    {
        var account = _emulator.StorageAccount;
        var projectId = Json(await RunOkAsync("project", "create", "--name", "cli-storage", "-o", "json"))["project"]!["id"]!.GetValue<string>();
        var connectionId = Json(await RunAsync(_emulator.AdminApp.InitialSecret!, "connection", "create", "azure", "--name", "cli-storage", "--tenant-id", _emulator.TenantId,
            "--client-id", _emulator.AdminApp.ClientId, "--client-secret-stdin", "--authority-host", _emulator.AuthorityHost.AbsoluteUri,
            "--graph-endpoint", _emulator.GraphEndpoint.AbsoluteUri, "--resource-manager-endpoint", _emulator.ResourceManagerEndpoint.AbsoluteUri, "-o", "json"))
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

    private IReadOnlyDictionary<string, string> Keys() => _emulator.Control.StorageKeys(_emulator.StorageAccount.ResourceGroup, _emulator.StorageAccount.Name);

    /// <summary>Reads both mapped secrets with the CLI and proves each with a Shared Key request through the real SDK.</summary>
    private async Task<string> MappedWorkingKeyAsync(string projectId)
    {
        var key = (await RunOkAsync("secret", "get", "STORAGE_KEY", "--project-id", projectId, "--env", "dev")).Out.Trim();
        var connectionString = (await RunOkAsync("secret", "get", "STORAGE_CONNECTION_STRING", "--project-id", projectId, "--env", "dev")).Out.Trim();
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(EmulatorTrust.CreateHandler(_emulator.CaCertificate))), Retry = { MaxRetries = 0 } };
        var account = _emulator.StorageAccount;
        await new BlobServiceClient(account.BlobEndpoint, new Azure.Storage.StorageSharedKeyCredential(account.Name, key), options).GetPropertiesAsync();
        await new BlobServiceClient(connectionString, options).GetPropertiesAsync();
        return key;
    }

    private Task<CliResult> RunOkAsync(params string[] args) => RunAsync("", args);

    private async Task<CliResult> RunAsync(string stdin, params string[] args)
    {
        var result = await CliRun.RunAsync(args, new Dictionary<string, string> { ["KEYTURN_ADDR"] = _server.Address.AbsoluteUri, ["KEYTURN_TOKEN"] = CliRun.Token }, stdin);
        Assert.True(result.ExitCode == 0, $"keyturn {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }

    private static JsonNode Json(CliResult result) => JsonNode.Parse(result.Out)!;
}
