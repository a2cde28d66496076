using System.Net;
using Keyturn.Core.Notifications;
using Keyturn.Core.Rotation;
using Keyturn.Server.Scheduling;
using Keyturn.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyturn.Server.Tests.Scheduling;

/// <summary>
/// The daily reconcile (--reconcile-daily) on a fake clock: at 03:00 UTC every rotation is reconciled (not a dry run)
/// and drift is published as rotation.drift through the event publisher, observed here by a recording one.
/// </summary>
public sealed class DailyReconcileLoopTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly RecordingEventPublisher _events = new();

    [Theory]
    [InlineData("2026-11-21T02:00:00Z", "2026-11-21T03:00:00Z")]
    [InlineData("2026-11-21T03:00:00Z", "2026-11-22T03:00:00Z")]
    [InlineData("2026-11-21T23:59:59Z", "2026-11-22T03:00:00Z")]
    public void NextPassAt_IsTheNextThreeOClockStrictlyAfterNow(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            DailyReconcileLoop.NextPassAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(3)));

    [Fact]
    public async Task Pass_AtThreeUtc_RevokesTheOrphanAndPublishesDriftOnlyForTheRotationThatDrifted()
    {
        await using var server = await TestServer.StartAsync(timeProvider: _clock,
            configure: o => o with { ReconcileDaily = true, AdditionalServices = services => services.AddSingleton<IRotationEventPublisher>(_events) });
        var drifted = await Scenario.CreateRotationAsync(server, name: "drifted");
        var orphanLabel = RotationEngine.Label(Guid.Parse(drifted.RotationId), Guid.NewGuid());
        server.Emulator.Control.AddPassword(drifted.App.ObjectId, orphanLabel);
        var clean = await CleanRotationAsync(server);

        _clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        var beforeThree = _events.OfType(RotationEventTypes.DriftDetected).Count;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Wait.UntilAsync(() => _events.OfType(RotationEventTypes.DriftDetected).Count > 0, "the 03:00 pass");

        Assert.Equal(0, beforeThree);
        var published = Assert.Single(_events.OfType(RotationEventTypes.DriftDetected));
        Assert.Equal(Guid.Parse(drifted.RotationId), published.RotationId);
        Assert.Equal($"drift:{drifted.RotationId}:2026-11-21", published.Key);
        Assert.Equal("1", published.Details["orphan"]);
        Assert.Equal("1", published.Details["foreign"]);
        Assert.Equal("1", published.Details["revoked"]);
        Assert.Contains("1 orphan", published.Message);
        await Wait.UntilAsync(() => server.Emulator.Control.ListPasswords(drifted.App.ObjectId).All(p => p.DisplayName != orphanLabel), "the orphan's revocation");
        Assert.DoesNotContain(_events.OfType(RotationEventTypes.DriftDetected), e => e.RotationId == Guid.Parse(clean));
        var audit = (await server.Api.GetAsync($"/api/v1/audit-logs?projectId={drifted.ProjectId}")).ShouldBe(HttpStatusCode.OK).Body["auditLogs"]!.AsArray();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "secret-rotation.reconciled" && e["actor"]!.GetValue<string>() == "reconcile-daily");
    }

    /// <summary>A rotation whose app holds nothing but its own credential: nothing to report.</summary>
    private static async Task<string> CleanRotationAsync(TestServer server)
    {
        var projectId = await Scenario.CreateProjectAsync(server);
        var connectionId = await Scenario.CreateConnectionAsync(server);
        var app = Scenario.CreateTargetApp(server);
        foreach (var handMade in server.Emulator.Control.ListPasswords(app.ObjectId))
        {
            server.Emulator.Control.RemovePassword(app.ObjectId, handMade.KeyId);
        }

        return (await server.Api.PostAsync(Scenario.RotationsPath, Scenario.RotationBody(projectId, connectionId, app, "clean")))
            .ShouldBe(HttpStatusCode.OK).Body["secretRotation"]!["id"]!.GetValue<string>();
    }
}
