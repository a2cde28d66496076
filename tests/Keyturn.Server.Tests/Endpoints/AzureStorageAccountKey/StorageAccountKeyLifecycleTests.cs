using System.Net;
using Keyturn.AzureEmulator;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints.AzureStorageAccountKey;

/// <summary>
/// azure-storage-account-key through the API against the emulator's ARM and blob endpoints over HTTPS: create adopts,
/// rotations regenerate the other key, and after each step the mapped key and connection string pass a Shared Key check.
/// </summary>
public sealed class StorageAccountKeyLifecycleTests
{
    [Fact]
    public async Task DualPhase_CreateRotateTwiceDelete_MappedSecretsWorkAndPreviousKeyStaysValid()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);
        var original = StorageScenario.Keys(server);
        var regenerations = server.Emulator.Control.RequestCount("POST", "/regenerateKey");

        var created = (await server.Api.PostAsync(StorageScenario.RotationsPath,
            StorageScenario.RotationBody(projectId, connectionId, server.Emulator.StorageAccount, ["key1", "key2"]))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var id = created["id"]!.GetValue<string>();

        // Create adopts key1 as it is: nothing regenerated, consumers already on key1 are undisturbed.
        Assert.Equal("success", created["rotationStatus"]!.GetValue<string>());
        Assert.Equal(0, created["activeIndex"]!.GetValue<int>());
        Assert.Equal(regenerations, server.Emulator.Control.RequestCount("POST", "/regenerateKey"));
        Assert.Equal(original, StorageScenario.Keys(server));
        Assert.Equal(original["key1"], await StorageScenario.AssertMappedSecretsWorkAsync(server, projectId));

        var first = (await server.Api.PostAsync($"{StorageScenario.RotationsPath}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var afterFirst = StorageScenario.Keys(server);

        // The first rotation regenerates the other key (key2); key1 stays valid for consumers not yet moved.
        Assert.Equal(1, first["activeIndex"]!.GetValue<int>());
        Assert.Equal(original["key1"], afterFirst["key1"]);
        Assert.NotEqual(original["key2"], afterFirst["key2"]);
        Assert.Equal(afterFirst["key2"], await StorageScenario.AssertMappedSecretsWorkAsync(server, projectId));
        Assert.True(await StorageScenario.KeyWorksAsync(server, original["key1"]));

        var second = (await server.Api.PostAsync($"{StorageScenario.RotationsPath}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var afterSecond = StorageScenario.Keys(server);

        Assert.Equal(0, second["activeIndex"]!.GetValue<int>());
        Assert.NotEqual(original["key1"], afterSecond["key1"]);
        Assert.Equal(afterFirst["key2"], afterSecond["key2"]);
        Assert.Equal(afterSecond["key1"], await StorageScenario.AssertMappedSecretsWorkAsync(server, projectId));
        Assert.True(await StorageScenario.KeyWorksAsync(server, afterFirst["key2"]));
        Assert.False(await StorageScenario.KeyWorksAsync(server, original["key1"]));

        (await server.Api.DeleteAsync($"{StorageScenario.RotationsPath}/{id}")).ShouldBe(HttpStatusCode.OK);

        // Deleting stops rotating; keys are never revoked, so the last mapped key keeps working.
        (await server.Api.GetAsync($"{StorageScenario.RotationsPath}/{id}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal(afterSecond, StorageScenario.Keys(server));
        Assert.True(await StorageScenario.KeyWorksAsync(server, afterSecond["key1"]));
    }

    [Fact]
    public async Task Rotate_NewKeyRefusedAtFirst_VerifyRetriesThroughPropagation()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);
        var account = server.Emulator.StorageAccount;
        var id = (await server.Api.PostAsync(StorageScenario.RotationsPath, StorageScenario.RotationBody(projectId, connectionId, account, ["key1", "key2"])))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        // The SDK appends "/" to the path-style endpoint; Get Service Properties is Keyturn's verify request.
        var verifyPath = $"/{account.Name}//?restype=service";
        var before = server.Emulator.Control.RequestCount("GET", verifyPath);
        server.Emulator.Control.InjectFault(new FaultRule("GET", verifyPath, 403, Times: 2, ErrorCode: "AuthenticationFailed"));

        var rotated = (await server.Api.PostAsync($"{StorageScenario.RotationsPath}/{id}/rotate-secrets", null)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.Equal(before + 3, server.Emulator.Control.RequestCount("GET", verifyPath));
        Assert.Equal(StorageScenario.Keys(server)["key2"], await StorageScenario.AssertMappedSecretsWorkAsync(server, projectId));
    }

    [Fact]
    public async Task SinglePhase_OneKey_RotationReplacesTheKeyItself()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);
        var original = StorageScenario.Keys(server);

        var created = (await server.Api.PostAsync(StorageScenario.RotationsPath,
            StorageScenario.RotationBody(projectId, connectionId, server.Emulator.StorageAccount, ["key2"]))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(original["key2"], await StorageScenario.AssertMappedSecretsWorkAsync(server, projectId));

        for (var i = 0; i < 2; i++)
        {
            var before = StorageScenario.Keys(server);
            var rotated = (await server.Api.PostAsync($"{StorageScenario.RotationsPath}/{created["id"]!.GetValue<string>()}/rotate-secrets", null))
                .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
            var after = StorageScenario.Keys(server);

            Assert.Equal(0, rotated["activeIndex"]!.GetValue<int>());
            Assert.Equal(before["key1"], after["key1"]);
            Assert.Equal(after["key2"], await StorageScenario.AssertMappedSecretsWorkAsync(server, projectId));
            Assert.False(await StorageScenario.KeyWorksAsync(server, before["key2"]));
        }
    }

    [Fact]
    public async Task KerberosKey_CreateAndRotate_MapsListKeysValueAndSaysVerificationIsUnchecked()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);
        var original = StorageScenario.Keys(server);

        var created = (await server.Api.PostAsync(StorageScenario.RotationsPath,
            StorageScenario.RotationBody(projectId, connectionId, server.Emulator.StorageAccount, ["kerb1"], new { accountKey = "KERB_KEY" }))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        Assert.Equal(original["kerb1"], await Scenario.SecretValueAsync(server, projectId, "KERB_KEY"));

        var rotated = (await server.Api.PostAsync($"{StorageScenario.RotationsPath}/{created["id"]!.GetValue<string>()}/rotate-secrets", null))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;

        Assert.Equal("success", rotated["rotationStatus"]!.GetValue<string>());
        Assert.NotEqual(original["kerb1"], StorageScenario.Keys(server)["kerb1"]);
        Assert.Equal(StorageScenario.Keys(server)["kerb1"], await Scenario.SecretValueAsync(server, projectId, "KERB_KEY"));
        // A Kerberos key never signs data requests, so it cannot be proven there.
        Assert.False(await StorageScenario.KeyWorksAsync(server, StorageScenario.Keys(server)["kerb1"]));
    }
}
