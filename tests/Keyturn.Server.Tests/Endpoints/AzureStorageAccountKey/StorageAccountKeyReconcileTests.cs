using System.Net;
using Keyturn.Server.Tests.Support;

namespace Keyturn.Server.Tests.Endpoints.AzureStorageAccountKey;

/// <summary>
/// Reconcile of a fixed-slot, target-generated type: the slot's key is read back through ARM and compared with the
/// stored one, so a key regenerated outside Keyturn is reported as changed, without its value in the answer.
/// </summary>
public sealed class StorageAccountKeyReconcileTests
{
    [Fact]
    public async Task Reconcile_ActiveKeyRegeneratedOutsideKeyturn_ReportsChangedAndSchedulesOnlyWithAutoRotation()
    {
        await using var server = await TestServer.StartAsync();
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await StorageScenario.CreateConnectionAsync(server);
        var id = (await server.Api.PostAsync(StorageScenario.RotationsPath,
            StorageScenario.RotationBody(projectId, connectionId, server.Emulator.StorageAccount, ["key1", "key2"]))).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
        var path = $"{StorageScenario.RotationsPath}/{id}/reconcile";
        var adopted = StorageScenario.Keys(server)["key1"];

        var clean = (await server.Api.PostAsync(path, null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        var regenerated = server.Emulator.Control.RegenerateStorageKey(server.Emulator.StorageAccount.ResourceGroup, server.Emulator.StorageAccount.Name, "key1");
        var dryRun = (await server.Api.PostAsync(path, null)).ShouldBe(HttpStatusCode.OK);
        var autoOff = (await server.Api.PostAsync($"{path}?dryRun=false", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        (await server.Api.PatchAsync($"{StorageScenario.RotationsPath}/{id}", new { isAutoRotationEnabled = true })).ShouldBe(HttpStatusCode.OK);
        var applied = (await server.Api.PostAsync($"{path}?dryRun=false", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;

        Assert.Empty(clean["findings"]!.AsArray());
        var changed = Assert.Single(dryRun.Body["reconcile"]!["findings"]!.AsArray())!;
        Assert.Equal("changed", changed["kind"]!.GetValue<string>());
        Assert.Equal("key1", changed["credentialId"]!.GetValue<string>());
        Assert.Equal(0, changed["slot"]!.GetValue<int>());
        Assert.Equal("reported", changed["action"]!.GetValue<string>());
        Assert.Contains("regenerated outside Keyturn", changed["message"]!.GetValue<string>());
        Assert.DoesNotContain(regenerated, dryRun.Text);
        Assert.DoesNotContain(adopted, dryRun.Text);
        var offFinding = Assert.Single(autoOff["findings"]!.AsArray())!;
        Assert.Equal("reported", offFinding["action"]!.GetValue<string>());
        Assert.Contains("Auto-rotation is off", offFinding["message"]!.GetValue<string>());
        Assert.Null(autoOff["nextRotationAt"]);
        Assert.Equal("rotation-scheduled", Assert.Single(applied["findings"]!.AsArray())!["action"]!.GetValue<string>());
        Assert.Equal(applied["checkedAt"]!.GetValue<DateTimeOffset>(), applied["nextRotationAt"]!.GetValue<DateTimeOffset>());
        // Reconcile regenerates nothing itself: the key a person made is still the account's.
        Assert.Equal(regenerated, StorageScenario.Keys(server)["key1"]);
    }
}
