using System.Net;
using Keyturn.Server.Tests.Support;
using Keyturn.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Errors;

/// <summary>
/// A reconcile whose target cannot be reached says so: the slot is "unreachable", not "changed", and no rotation is
/// scheduled (one would fail to reach the target just the same).
/// </summary>
public sealed class UnreachableReconcileTests
{
    private readonly FakeTimeProvider _clock = FakeClock.StartingNow();

    [Fact]
    public async Task Reconcile_EntraStopped_ReportsUnreachableNamingRefusedAndSchedulesNothing()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var user = server.Emulator.Control.CreateUser($"u{Guid.NewGuid():N}"[..12]);
        var body = EntraUserScenario.RotationBody(projectId, connectionId, new { userId = user.ObjectId, verifyClientId = server.Emulator.PublicClientApp.ClientId });
        var created = (await server.Api.PostAsync(EntraUserScenario.RotationsPath, body)).ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!;
        var id = created["id"]!.GetValue<string>();
        _clock.Advance(TimeSpan.FromHours(1));

        // Past the verify window, a refusal would read as "changed"; a stopped Entra must not.
        await server.Emulator.DisposeAsync();
        var response = (await server.Api.PostAsync($"{EntraUserScenario.RotationsPath}/{id}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK);

        var reconcile = response.Body["reconcile"]!;
        var finding = Assert.Single(reconcile["findings"]!.AsArray())!;
        Assert.Equal("unreachable", finding["kind"]!.GetValue<string>());
        Assert.Equal("reported", finding["action"]!.GetValue<string>());
        var message = finding["message"]!.GetValue<string>();
        Assert.Contains("Connection refused", message, StringComparison.Ordinal);
        Assert.NotEqual(reconcile["checkedAt"]!.GetValue<DateTimeOffset>(), reconcile["nextRotationAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Reconcile_GraphStopped_AdditiveReportsUnreachablePerSlotInsteadOf502()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock);
        var setup = await Scenario.CreateRotationAsync(server);
        await Scenario.RotateAsync(server, setup.RotationId);

        await server.Emulator.DisposeAsync();
        var response = (await server.Api.PostAsync($"{Scenario.RotationsPath}/{setup.RotationId}/reconcile?dryRun=false", null)).ShouldBe(HttpStatusCode.OK);

        var reconcile = response.Body["reconcile"]!;
        var findings = reconcile["findings"]!.AsArray();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f =>
        {
            Assert.Equal("unreachable", f!["kind"]!.GetValue<string>());
            Assert.Equal("reported", f["action"]!.GetValue<string>());
            Assert.Contains("Connection refused", f["message"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        Assert.NotEqual(reconcile["checkedAt"]!.GetValue<DateTimeOffset>(), reconcile["nextRotationAt"]!.GetValue<DateTimeOffset>());
    }
}
