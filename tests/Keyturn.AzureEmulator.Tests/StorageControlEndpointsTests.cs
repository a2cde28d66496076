using System.Net;
using System.Net.Http.Json;
using Keyturn.AzureEmulator.Tests.Support;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>The storage half of the control API over HTTP, and what the standalone emulator prints about it.</summary>
public sealed class StorageControlEndpointsTests
{
    [Fact]
    public async Task StorageAccounts_CreateGrantKeysRevoke_RoundTripOverHttp()
    {
        await using var host = await Emulator.StartAsync();
        using var http = new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate)) { BaseAddress = host.BaseUri };

        using var created = await http.PostAsJsonAsync("_emulator/storage-accounts", new { resourceGroup = "rg-http", name = "httpstore" });
        using var taken = await http.PostAsJsonAsync("_emulator/storage-accounts", new { resourceGroup = "rg-http", name = "httpstore" });
        var account = (await EmulatorClient.JsonAsync(created));
        var resourceId = account.GetProperty("resourceId").GetString()!;
        using var granted = await http.PutAsJsonAsync("_emulator/role-assignments", new { clientId = host.TargetApp.ClientId, scope = resourceId, role = "Storage Account Key Operator Service Role" });
        using var unknownRole = await http.PutAsJsonAsync("_emulator/role-assignments", new { clientId = host.TargetApp.ClientId, scope = resourceId, role = "Janitor" });
        using var arm = await StorageClient.ArmAsync(host, host.TargetApp.ClientId, host.TargetApp.InitialSecret!);
        using var listed = await arm.PostAsync(resourceId.TrimStart('/') + "/listKeys?" + StorageClient.ApiVersion, null);
        var keys = await http.GetFromJsonAsync<Dictionary<string, string>>("_emulator/storage-accounts/rg-http/httpstore/keys");
        using var revoke = new HttpRequestMessage(HttpMethod.Delete, "_emulator/role-assignments")
        {
            Content = JsonContent.Create(new { clientId = host.TargetApp.ClientId, scope = resourceId, role = "Storage Account Key Operator Service Role" }),
        };
        using var revoked = await http.SendAsync(revoke);
        using var refused = await arm.PostAsync(resourceId.TrimStart('/') + "/listKeys?" + StorageClient.ApiVersion, null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(new Uri(host.BaseUri, "httpstore/"), new Uri(account.GetProperty("blobEndpoint").GetString()!));
        Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(["key1", "key2", "kerb1", "kerb2"], keys!.Keys);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Info_DescribesResourceManagerAndTheSeededAccount()
    {
        await using var host = await Emulator.StartAsync();
        using var http = new HttpClient(EmulatorTrust.CreateHandler(host.CaCertificate)) { BaseAddress = host.BaseUri };

        var info = await EmulatorClient.JsonAsync(await http.GetAsync("_emulator/info"));

        Assert.Equal(host.ResourceManagerEndpoint.AbsoluteUri, info.GetProperty("resourceManagerEndpoint").GetString());
        Assert.Equal(host.SubscriptionId, info.GetProperty("subscriptionId").GetString());
        Assert.Equal("keyturnstore", info.GetProperty("storageAccount").GetProperty("name").GetString());
        Assert.Equal(host.StorageAccount.BlobEndpoint.AbsoluteUri, info.GetProperty("storageAccount").GetProperty("blobEndpoint").GetString());
    }

    [Fact]
    public async Task Standalone_Prints_ResourceManagerSubscriptionAndAccount()
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-emulator-cli-arm-").FullName;
        try
        {
            using var output = new StringWriter();
            using var stop = new CancellationTokenSource();
            var run = AzureEmulatorStandalone.RunAsync(0, directory, TextWriter.Synchronized(output), stop.Token);
            var started = TimeProvider.System.GetTimestamp();
            while (!output.ToString().Contains("Ctrl+C", StringComparison.Ordinal) && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            await run;

            var text = output.ToString();
            Assert.Contains("resource manager:", text);
            Assert.Matches(@"subscription id: +[0-9a-f-]{36}", text);
            Assert.Matches(@"storage account: +keyturnstore \(resource group rg-keyturn, blob endpoint https://127\.0\.0\.1:\d+/keyturnstore/\)", text);
            Assert.True(File.Exists(Path.Combine(directory, "resource-manager.json")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
