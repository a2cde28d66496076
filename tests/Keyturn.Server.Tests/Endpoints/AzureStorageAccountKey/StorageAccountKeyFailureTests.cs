using System.Net;
using Keyturn.AzureEmulator.ResourceManager;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints.AzureStorageAccountKey;

/// <summary>Refusals of azure-storage-account-key: Azure's words in the answer, and nothing changed in Keyturn or at the account.</summary>
public sealed class StorageAccountKeyFailureTests
{
    [Fact]
    public async Task Create_ConnectionWithoutKeyOperatorRole_Answers502NamingTheRoleAndKeepsNothing()
    {
        await using var server = await TestServer.StartAsync();
        var emulator = server.Emulator;
        var account = emulator.StorageAccount;
        // The target app may read the account but holds no key operator role.
        emulator.Control.GrantRole(emulator.TargetApp.ClientId, account.ResourceId, StorageRoles.Reader);
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server, emulator.TargetApp.ClientId, emulator.TargetApp.InitialSecret);
        var before = StorageScenario.Keys(server);

        var response = (await server.Api.PostAsync(StorageScenario.RotationsPath, StorageScenario.RotationBody(projectId, connectionId, account, ["key1", "key2"])))
            .ShouldBe(HttpStatusCode.BadGateway);

        var detail = response.Body["detail"]!.GetValue<string>();
        Assert.Contains("AuthorizationFailed", detail, StringComparison.Ordinal);
        Assert.Contains("Storage Account Key Operator Service Role", detail, StringComparison.Ordinal);
        Assert.Contains($"az role assignment create --role \"Storage Account Key Operator Service Role\" --assignee {emulator.TargetApp.ClientId} --scope {account.ResourceId}", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(before["key1"], response.Text, StringComparison.Ordinal);
        Assert.Equal(before, StorageScenario.Keys(server));
        await AssertNothingKeptAsync(server, projectId);
    }

    [Fact]
    public async Task Rotate_AfterKeyOperatorRoleRevoked_FailsAtOnceNamingTheRoleAndChangesNothing()
    {
        await using var server = await TestServer.StartAsync();
        var emulator = server.Emulator;
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);
        var id = (await server.Api.PostAsync(StorageScenario.RotationsPath, StorageScenario.RotationBody(projectId, connectionId, emulator.StorageAccount, ["key1", "key2"])))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        Assert.True(emulator.Control.RevokeRole(emulator.AdminApp.ClientId, emulator.StorageAccount.ResourceId));
        var before = StorageScenario.Keys(server);
        var regenerateCalls = emulator.Control.RequestCount("POST", "/regenerateKey");

        var rotation = (await server.Api.PostAsync($"{StorageScenario.RotationsPath}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("failed", rotation["rotationStatus"]!.GetValue<string>());
        Assert.Contains("Storage Account Key Operator Service Role", rotation["lastRotationMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, rotation["activeIndex"]!.GetValue<int>());
        // Not transient: one refused call, no retries.
        Assert.Equal(regenerateCalls + 1, emulator.Control.RequestCount("POST", "/regenerateKey"));
        Assert.Equal(before, StorageScenario.Keys(server));
        Assert.Equal(before["key1"], await StorageScenario.AssertMappedSecretsWorkAsync(server, projectId));
    }

    [Fact]
    public async Task Create_UnknownAccount_Answers502NamingSubscriptionGroupAndAccount()
    {
        await using var server = await TestServer.StartAsync();
        var account = server.Emulator.StorageAccount;
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);

        var response = (await server.Api.PostAsync(StorageScenario.RotationsPath, StorageScenario.RotationBody(projectId, connectionId, account, ["key1"],
            parameters: new { subscriptionId = account.SubscriptionId, resourceGroup = account.ResourceGroup, accountName = "nosuchstore", keyNames = new[] { "key1" } })))
            .ShouldBe(HttpStatusCode.BadGateway);

        var detail = response.Body["detail"]!.GetValue<string>();
        Assert.Contains("ResourceNotFound", detail, StringComparison.Ordinal);
        Assert.Contains(account.SubscriptionId, detail, StringComparison.Ordinal);
        Assert.Contains(account.ResourceGroup, detail, StringComparison.Ordinal);
        Assert.Contains("nosuchstore", detail, StringComparison.Ordinal);
        await AssertNothingKeptAsync(server, projectId);
    }

    [Theory]
    [InlineData("subscriptionId", "not-a-guid", "parameters.subscriptionId")]
    [InlineData("accountName", "Bad_Name", "parameters.accountName")]
    [InlineData("accountName", "ab", "parameters.accountName")]
    [InlineData("resourceGroup", "ends-with-dot.", "parameters.resourceGroup")]
    [InlineData("keyNames", "key1,kerb1", "parameters.keyNames")]
    [InlineData("keyNames", "key1,key1", "parameters.keyNames")]
    [InlineData("keyNames", "key3", "parameters.keyNames")]
    [InlineData("keyNames", "", "parameters.keyNames")]
    public async Task Create_BadParameter_Answers400NamingTheFieldAndCallsNothing(string name, string value, string field)
    {
        await using var server = await TestServer.StartAsync();
        var account = server.Emulator.StorageAccount;
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);
        var parameters = new Dictionary<string, object>
        {
            ["subscriptionId"] = account.SubscriptionId,
            ["resourceGroup"] = account.ResourceGroup,
            ["accountName"] = account.Name,
            ["keyNames"] = new[] { "key1", "key2" },
        };
        parameters[name] = name == "keyNames" ? value.Split(',', StringSplitOptions.RemoveEmptyEntries) : value;
        var armCalls = server.Emulator.Control.RequestCount("*", "/subscriptions/");

        var response = (await server.Api.PostAsync(StorageScenario.RotationsPath, StorageScenario.RotationBody(projectId, connectionId, account, [], parameters: parameters)))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.True(response.Body["errors"]![field] is not null, response.Text);
        Assert.Equal(armCalls, server.Emulator.Control.RequestCount("*", "/subscriptions/"));
        await AssertNothingKeptAsync(server, projectId);
    }

    private static async Task AssertNothingKeptAsync(TestServer server, string projectId)
    {
        var list = (await server.Api.GetAsync($"/api/v2/secret-rotations?projectId={projectId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(list.Body["secretRotations"]!.AsArray());
        (await Scenario.GetSecretAsync(server, projectId, "STORAGE_KEY")).ShouldBe(HttpStatusCode.NotFound);
    }
}
