using System.Net;
using System.Text.Json.Nodes;
using Keyturn.AzureEmulator;
using Keyturn.Core.Rotation;
using Keyturn.Core.Storage;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Keyturn.Server.Tests.Endpoints;

/// <summary>
/// POST …/reconcile for azure-client-secret against the emulator over HTTPS: credentials planted at the emulator (an
/// orphan carrying the rotation's label, one labelled for another rotation, the app's hand-made secret) are found; a
/// dry run (the default) changes nothing, an applied reconcile revokes only the orphan.
/// </summary>
public sealed class SecretRotationReconcileTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = Scenario.RotationsPath;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Reconcile_DefaultIsADryRun_ReportsOrphanAndForeignAndChangesNothing()
    {
        var setup = await Scenario.CreateRotationAsync(Server, name: $"r-{Guid.NewGuid():N}"[..12]);
        var planted = Plant(setup);
        var before = Server.Emulator.Control.ListPasswords(setup.App.ObjectId);

        var report = (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;

        Assert.True(report["dryRun"]!.GetValue<bool>());
        Assert.Equal(setup.RotationId, report["rotationId"]!.GetValue<string>());
        var found = Findings(report);
        var orphanFinding = Assert.Single(found, f => f["kind"]!.GetValue<string>() == "orphan");
        Assert.Equal(planted.Orphan.ToString(), orphanFinding["credentialId"]!.GetValue<string>());
        Assert.StartsWith(RotationEngine.LabelPrefix(Guid.Parse(setup.RotationId)), orphanFinding["label"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("reported", orphanFinding["action"]!.GetValue<string>());
        Assert.Contains("dryRun=false revokes it", orphanFinding["message"]!.GetValue<string>());
        Assert.Null(orphanFinding["slot"]);
        var foreign = found.Where(f => f["kind"]!.GetValue<string>() == "foreign").ToList();
        Assert.Equal(2, foreign.Count);
        Assert.Contains("another Keyturn rotation", Assert.Single(foreign, f => f["credentialId"]!.GetValue<string>() == planted.OtherRotation.ToString())["message"]!.GetValue<string>());
        Assert.Contains("Made outside Keyturn", Assert.Single(foreign, f => f["credentialId"]!.GetValue<string>() == planted.HandMade.ToString())["message"]!.GetValue<string>());
        Assert.All(foreign, f => Assert.Equal("reported", f["action"]!.GetValue<string>()));
        Assert.DoesNotContain(found, f => f["kind"]!.GetValue<string>() is "missing" or "expiring");
        // Nothing changed at the target, and the dry run wrote no audit entry.
        Assert.Equal(before.Select(p => p.KeyId).Order(), Server.Emulator.Control.ListPasswords(setup.App.ObjectId).Select(p => p.KeyId).Order());
        Assert.DoesNotContain("secret-rotation.reconciled", await AuditActionsAsync(setup.ProjectId));
    }

    [Fact]
    public async Task Reconcile_Applied_RevokesTheOrphanOnlyAndAudits()
    {
        var setup = await Scenario.CreateRotationAsync(Server, name: $"r-{Guid.NewGuid():N}"[..12]);
        var planted = Plant(setup);
        var mappedSecret = await Scenario.SecretValueAsync(Server, setup.ProjectId, "AZURE_CLIENT_SECRET");

        var response = (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK);
        var report = response.Body["reconcile"]!;

        Assert.False(report["dryRun"]!.GetValue<bool>());
        var orphanFinding = Assert.Single(Findings(report), f => f["kind"]!.GetValue<string>() == "orphan");
        Assert.Equal("revoked", orphanFinding["action"]!.GetValue<string>());
        Assert.Equal(planted.Orphan.ToString(), orphanFinding["credentialId"]!.GetValue<string>());
        var left = Server.Emulator.Control.ListPasswords(setup.App.ObjectId).Select(p => p.KeyId).Order().ToList();
        // Gone: the orphan. Left: the rotation's own, the other rotation's and the hand-made one (never touched).
        Assert.Equal(new[] { planted.Owned, planted.OtherRotation, planted.HandMade }.Order(), left);
        // The rotation's own credential is untouched and still what consumers read.
        Assert.True(Server.Emulator.Control.Authenticates(setup.App.ClientId, mappedSecret));
        Assert.DoesNotContain(mappedSecret, response.Text);
        Assert.Contains("secret-rotation.reconciled", await AuditActionsAsync(setup.ProjectId));

        var again = (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        Assert.DoesNotContain(Findings(again), f => f["kind"]!.GetValue<string>() == "orphan");
    }

    [Fact]
    public async Task Reconcile_IntervalLengthenedPastTheCredentialsExpiry_ReportsExpiring()
    {
        var setup = await Scenario.CreateRotationAsync(Server, name: $"r-{Guid.NewGuid():N}"[..12]);
        var clean = (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;
        // Issued for a 30-day interval (expiry 2 x 30 + 7 days); a year between rotations outlives it.
        (await Server.Api.PatchAsync($"{Path}/{setup.RotationId}", new { rotationInterval = 365 })).ShouldBe(HttpStatusCode.OK);
        var owned = Scenario.KeyturnMade(Server, setup.App).Single();

        var report = (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK).Body["reconcile"]!;

        Assert.DoesNotContain(Findings(clean), f => f["kind"]!.GetValue<string>() == "expiring");
        var expiring = Assert.Single(Findings(report), f => f["kind"]!.GetValue<string>() == "expiring");
        Assert.Equal(owned.KeyId.ToString(), expiring["credentialId"]!.GetValue<string>());
        Assert.Equal(0, expiring["slot"]!.GetValue<int>());
        Assert.InRange(expiring["expiresAt"]!.GetValue<DateTimeOffset>(), owned.EndDateTime!.Value.AddSeconds(-1), owned.EndDateTime.Value.AddSeconds(1));
        Assert.Equal("reported", expiring["action"]!.GetValue<string>());
        Assert.Contains("before the rotation that replaces it", expiring["message"]!.GetValue<string>());
        Assert.Contains(owned.KeyId, Server.Emulator.Control.ListPasswords(setup.App.ObjectId).Select(p => p.KeyId));
    }

    [Fact]
    public async Task Reconcile_WhileAnAttemptHoldsTheLease_Is409AndChangesNothing()
    {
        var setup = await Scenario.CreateRotationAsync(Server, name: $"r-{Guid.NewGuid():N}"[..12]);
        var orphan = Plant(setup).Orphan;
        var store = Server.Host.Services.GetRequiredService<IRotationStore>();
        var nodeId = Server.Host.Services.GetRequiredService<RotationOptions>().NodeId;
        var now = DateTimeOffset.UtcNow;
        // The engine claims under this node's id, as an attempt does.
        Assert.True(await store.TryAcquireLeaseAsync(Guid.Parse(setup.RotationId), nodeId, now.AddMinutes(5), now, CancellationToken.None));
        try
        {
            var response = (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.Conflict);

            Assert.Equal("Rotation in progress", response.Body["title"]!.GetValue<string>());
            Assert.Contains(orphan, Server.Emulator.Control.ListPasswords(setup.App.ObjectId).Select(p => p.KeyId));
        }
        finally
        {
            await store.ReleaseLeaseAsync(Guid.Parse(setup.RotationId), nodeId, CancellationToken.None);
        }

        // Released: a manual rotation is not blocked by a reconcile that ended.
        (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("success", (await Scenario.RotateAsync(Server, setup.RotationId))["rotationStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconcile_WhileItRuns_ARotationOfTheSameRotationIs409()
    {
        var setup = await Scenario.CreateRotationAsync(Server, name: $"r-{Guid.NewGuid():N}"[..12]);
        var reads = Server.Emulator.Control.RequestCount("GET", setup.App.ObjectId);
        // The reconcile's read of the app is held a moment at the emulator, with the lease taken.
        Server.Emulator.Control.InjectFault(new FaultRule("GET", $"/applications/{setup.App.ObjectId}", 0, Delay: TimeSpan.FromSeconds(1.5)));

        var reconcile = Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun=false", null);
        await Wait.UntilAsync(() => Server.Emulator.Control.RequestCount("GET", setup.App.ObjectId) > reads, "the reconcile's read of the app");
        var rotate = await Server.Api.PostAsync($"{Path}/{setup.RotationId}/rotate-secrets", null);

        rotate.ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("Rotation in progress", rotate.Body["title"]!.GetValue<string>());
        (await reconcile).ShouldBe(HttpStatusCode.OK);
        Assert.Single(Scenario.KeyturnMade(Server, setup.App));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    public async Task Reconcile_DryRunNotABoolean_Is400NamingDryRunAndChangesNothing(string value)
    {
        var setup = await Scenario.CreateRotationAsync(Server, name: $"r-{Guid.NewGuid():N}"[..12]);
        var orphan = Plant(setup).Orphan;

        var response = (await Server.Api.PostAsync($"{Path}/{setup.RotationId}/reconcile?dryRun={value}", null)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("must be true or false", Assert.Single(response.ErrorsFor("dryRun")));
        Assert.Contains(orphan, Server.Emulator.Control.ListPasswords(setup.App.ObjectId).Select(p => p.KeyId));
    }

    [Fact]
    public async Task Reconcile_UnknownIdOrWrongType_Is404()
    {
        var setup = await Scenario.CreateRotationAsync(Server, name: $"r-{Guid.NewGuid():N}"[..12]);

        (await Server.Api.PostAsync($"{Path}/{Guid.NewGuid()}/reconcile", null)).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.PostAsync($"{Path}/not-a-guid/reconcile", null)).ShouldBe(HttpStatusCode.NotFound);
        (await Server.Api.PostAsync($"/api/v2/secret-rotations/azure-storage-account-key/{setup.RotationId}/reconcile", null)).ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>What a test plants next to the rotation's own credential, and the app's hand-made secret.</summary>
    private sealed record Planted(Guid Owned, Guid Orphan, Guid OtherRotation, Guid HandMade);

    /// <summary>Plants, as a crash or a person would leave them: an orphan with this rotation's label, and a credential labelled for another rotation.</summary>
    private Planted Plant(RotationSetup setup)
    {
        var control = Server.Emulator.Control;
        var mine = RotationEngine.LabelPrefix(Guid.Parse(setup.RotationId));
        var before = control.ListPasswords(setup.App.ObjectId);
        var owned = before.Single(p => p.DisplayName?.StartsWith(mine, StringComparison.Ordinal) == true).KeyId;
        var handMade = before.Single(p => p.KeyId != owned).KeyId;
        control.AddPassword(setup.App.ObjectId, RotationEngine.Label(Guid.Parse(setup.RotationId), Guid.NewGuid()));
        var orphan = control.ListPasswords(setup.App.ObjectId).Single(p => before.All(b => b.KeyId != p.KeyId)).KeyId;
        control.AddPassword(setup.App.ObjectId, RotationEngine.Label(Guid.NewGuid(), Guid.NewGuid()));
        var other = control.ListPasswords(setup.App.ObjectId).Single(p => p.KeyId != orphan && before.All(b => b.KeyId != p.KeyId)).KeyId;
        return new Planted(owned, orphan, other, handMade);
    }

    private static List<JsonNode> Findings(JsonNode report) => [.. report["findings"]!.AsArray().Select(f => f!)];

    private async Task<List<string>> AuditActionsAsync(string projectId) =>
        [.. (await Server.Api.GetAsync($"/api/v1/audit-logs?projectId={projectId}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];
}
