using System.Net;
using System.Net.Http.Json;
using Keyturn.AzureEmulator.ResourceManager;
using Keyturn.AzureEmulator.Tests.Support;

namespace Keyturn.AzureEmulator.Tests;

/// <summary>ARM's storage account routes, called with tokens from the real Azure.Identity.</summary>
public sealed class ResourceManagerEndpointsTests
{
    [Fact]
    public async Task GetAccount_AsAdmin_ReturnsBlobEndpoint()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.AdminArmAsync(host);

        using var response = await arm.GetAsync(StorageClient.AccountPath(host.StorageAccount));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await EmulatorClient.JsonAsync(response);
        Assert.Equal(host.StorageAccount.ResourceId, account.GetProperty("id").GetString());
        Assert.Equal(host.StorageAccount.BlobEndpoint.ToString(), account.GetProperty("properties").GetProperty("primaryEndpoints").GetProperty("blob").GetString());
        Assert.StartsWith(host.BaseUri.ToString(), host.StorageAccount.BlobEndpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListKeys_AsAdmin_ReturnsKey1AndKey2_KerbOnlyWithExpand()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.AdminArmAsync(host);
        var expected = host.Control.StorageKeys(host.StorageAccount.ResourceGroup, host.StorageAccount.Name);

        var plain = await EmulatorClient.JsonAsync(await arm.PostAsync(StorageClient.AccountPath(host.StorageAccount, "listKeys"), null));
        var kerb = await EmulatorClient.JsonAsync(await arm.PostAsync(StorageClient.AccountPath(host.StorageAccount, "listKeys") + "&$expand=kerb", null));

        Assert.Equal(["key1", "key2"], plain.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("keyName").GetString()));
        Assert.Equal(expected["key1"], plain.GetProperty("keys")[0].GetProperty("value").GetString());
        Assert.Equal("FULL", plain.GetProperty("keys")[0].GetProperty("permissions").GetString());
        Assert.Equal(["key1", "key2", "kerb1", "kerb2"], kerb.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("keyName").GetString()));
    }

    [Fact]
    public async Task RegenerateKey_Key2_ChangesOnlyKey2()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.AdminArmAsync(host);
        var before = host.Control.StorageKeys(host.StorageAccount.ResourceGroup, host.StorageAccount.Name);

        using var response = await arm.PostAsJsonAsync(StorageClient.AccountPath(host.StorageAccount, "regenerateKey"), new { keyName = "key2" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = host.Control.StorageKeys(host.StorageAccount.ResourceGroup, host.StorageAccount.Name);
        Assert.Equal(before["key1"], after["key1"]);
        Assert.NotEqual(before["key2"], after["key2"]);
        var returned = (await EmulatorClient.JsonAsync(response)).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("keyName").GetString() == "key2");
        Assert.Equal(after["key2"], returned.GetProperty("value").GetString());
    }

    [Fact]
    public async Task RegenerateKey_UnknownKeyName_Returns400AndChangesNothing()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.AdminArmAsync(host);
        var before = host.Control.StorageKeys(host.StorageAccount.ResourceGroup, host.StorageAccount.Name);

        using var response = await arm.PostAsJsonAsync(StorageClient.AccountPath(host.StorageAccount, "regenerateKey"), new { keyName = "key3" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("keyName", (await EmulatorClient.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, host.Control.StorageKeys(host.StorageAccount.ResourceGroup, host.StorageAccount.Name));
    }

    [Fact]
    public async Task ListKeys_WithoutApiVersion_Returns400MissingApiVersionParameter()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.AdminArmAsync(host);

        using var response = await arm.PostAsync(host.StorageAccount.ResourceId.TrimStart('/') + "/listKeys", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingApiVersionParameter", await EmulatorClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task ListKeys_WithGraphToken_Returns401InvalidAuthenticationTokenAudience()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.ArmAsync(host, host.AdminApp.ClientId, host.AdminApp.InitialSecret!, EmulatorClient.GraphScope);

        using var response = await arm.PostAsync(StorageClient.AccountPath(host.StorageAccount, "listKeys"), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationTokenAudience", await EmulatorClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task ListKeys_WithoutKeyOperatorRole_Returns403AuthorizationFailed()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.ArmAsync(host, host.TargetApp.ClientId, host.TargetApp.InitialSecret!);

        using var response = await arm.PostAsync(StorageClient.AccountPath(host.StorageAccount, "listKeys"), null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = (await EmulatorClient.JsonAsync(response)).GetProperty("error");
        Assert.Equal("AuthorizationFailed", error.GetProperty("code").GetString());
        Assert.Contains($"The client '{host.TargetApp.ClientId}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts/listKeys/action", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListKeys_AfterGrantThenRevoke_FollowsTheRoleAssignment()
    {
        await using var host = await Emulator.StartAsync();
        using var arm = await StorageClient.ArmAsync(host, host.TargetApp.ClientId, host.TargetApp.InitialSecret!);
        var path = StorageClient.AccountPath(host.StorageAccount, "listKeys");

        host.Control.GrantRole(host.TargetApp.ClientId, host.StorageAccount.ResourceId);
        using var granted = await arm.PostAsync(path, null);
        Assert.True(host.Control.RevokeRole(host.TargetApp.ClientId, host.StorageAccount.ResourceId));
        using var revoked = await arm.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
    }

    [Fact]
    public async Task GetAccount_KeyOperatorOnly_IsRefusedRead()
    {
        await using var host = await Emulator.StartAsync();
        host.Control.GrantRole(host.TargetApp.ClientId, host.StorageAccount.ResourceId, StorageRoles.KeyOperator);
        using var arm = await StorageClient.ArmAsync(host, host.TargetApp.ClientId, host.TargetApp.InitialSecret!);

        using var response = await arm.GetAsync(StorageClient.AccountPath(host.StorageAccount));

        // The built-in key operator role grants listKeys and regenerateKey only.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task GetAccount_UnknownSubscriptionGroupOrAccount_AnswersAsArm()
    {
        await using var host = await Emulator.StartAsync();
        host.Control.GrantRole(host.AdminApp.ClientId, $"/subscriptions/{host.SubscriptionId}", StorageRoles.Reader);
        using var arm = await StorageClient.AdminArmAsync(host);

        using var subscription = await arm.GetAsync($"subscriptions/{Guid.NewGuid()}/resourceGroups/rg-keyturn/providers/Microsoft.Storage/storageAccounts/keyturnstore?{StorageClient.ApiVersion}");
        using var group = await arm.GetAsync($"subscriptions/{host.SubscriptionId}/resourceGroups/rg-none/providers/Microsoft.Storage/storageAccounts/keyturnstore?{StorageClient.ApiVersion}");
        using var account = await arm.GetAsync($"subscriptions/{host.SubscriptionId}/resourceGroups/rg-keyturn/providers/Microsoft.Storage/storageAccounts/nosuchaccount?{StorageClient.ApiVersion}");

        Assert.Equal("SubscriptionNotFound", await EmulatorClient.ErrorCodeAsync(subscription));
        Assert.Equal("ResourceGroupNotFound", await EmulatorClient.ErrorCodeAsync(group));
        Assert.Equal(HttpStatusCode.NotFound, account.StatusCode);
        Assert.Equal("ResourceNotFound", await EmulatorClient.ErrorCodeAsync(account));
    }

    [Fact]
    public async Task ListKeys_InjectedFault_ReachesArmRoutes()
    {
        await using var host = await Emulator.StartAsync();
        host.Control.InjectFault(new FaultRule("POST", "/listKeys", 429, RetryAfterSeconds: 7));
        using var arm = await StorageClient.AdminArmAsync(host);

        using var response = await arm.PostAsync(StorageClient.AccountPath(host.StorageAccount, "listKeys"), null);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("7", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, host.Control.RequestCount("POST", "/listKeys"));
    }

    [Fact]
    public async Task StateDirectory_Restart_KeepsSubscriptionAccountsKeysAndRoles()
    {
        var directory = Directory.CreateTempSubdirectory("keyturn-emulator-arm-").FullName;
        try
        {
            EmulatedStorageAccount created;
            IReadOnlyDictionary<string, string> keys;
            string subscription;
            await using (var first = await Emulator.StartAsync(o => o.StateDirectory = directory))
            {
                created = first.Control.CreateStorageAccount("rg-other", "otherstore");
                first.Control.GrantRole(first.TargetApp.ClientId, created.ResourceId);
                keys = first.Control.StorageKeys("rg-other", "otherstore");
                subscription = first.SubscriptionId;
            }

            await using var second = await Emulator.StartAsync(o => o.StateDirectory = directory);
            using var arm = await StorageClient.ArmAsync(second, second.TargetApp.ClientId, second.TargetApp.InitialSecret!);
            using var response = await arm.PostAsync(created.ResourceId.TrimStart('/') + "/listKeys?" + StorageClient.ApiVersion, null);

            Assert.Equal(subscription, second.SubscriptionId);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(keys, second.Control.StorageKeys("rg-other", "otherstore"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
